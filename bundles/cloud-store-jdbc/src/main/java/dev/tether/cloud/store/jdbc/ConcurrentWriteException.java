package dev.tether.cloud.store.jdbc;

/** Another transaction wrote the item between our read and our write: retry the whole batch. */
final class ConcurrentWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    ConcurrentWriteException(String message) {
        super(message);
    }
}
