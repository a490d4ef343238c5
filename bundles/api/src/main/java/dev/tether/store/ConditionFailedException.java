package dev.tether.store;

/** A conditional write was refused */
public class ConditionFailedException extends StoreException {

    private static final long serialVersionUID = 1L;

    public ConditionFailedException(String message) {
        super(message);
    }

    public ConditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
