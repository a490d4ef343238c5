package dev.tether.store;

/** An item with this key exists already (create). */
public class DuplicateKeyException extends StoreException {

    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message) {
        super(message);
    }

}
