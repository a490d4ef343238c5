package dev.tether.cloud.store.jdbc;

/** The database failed: nothing of the operation took effect. */
public class JdbcCloudStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JdbcCloudStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
