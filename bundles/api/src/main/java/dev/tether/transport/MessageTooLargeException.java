package dev.tether.transport;

/** A message is larger than the broker accepts ({@link Transport#maxPacketSize()}): it was not sent. */
public class MessageTooLargeException extends TransportException {

    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message);
    }
}
