package dev.tether.transport;

/** A publish or subscribe failed: not connected, refused by the broker (with its reason code), or timed out. */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int reasonCode;

    public TransportException(String message) {
        this(message, -1, null);
    }

    public TransportException(String message, int reasonCode, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** The MQTT v5 reason code the broker gave, or -1 if the failure was local. */
    public int reasonCode() {
        return reasonCode;
    }
}
