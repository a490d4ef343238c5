package dev.tether.transport;

/** The transport is not connected now: nothing was sent. The caller keeps the message and tries again later. */
public class NotConnectedException extends TransportException {

    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message);
    }
}
