package dev.tether.store;

/** The model is not in the schema, or does not exist on the device ({@code enable: cloud}). */
public class UnknownModelException extends StoreException {

    private static final long serialVersionUID = 1L;

    public UnknownModelException(String message) {
        super(message);
    }
}
