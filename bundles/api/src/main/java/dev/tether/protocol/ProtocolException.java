package dev.tether.protocol;

/** A message that does not follow the sync protocol: malformed JSON or a missing or wrong field. */
public class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
