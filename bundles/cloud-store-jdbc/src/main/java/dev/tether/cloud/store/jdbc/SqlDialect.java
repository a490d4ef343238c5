package dev.tether.cloud.store.jdbc;

import java.sql.SQLException;

/**
 * Everything the store's SQL needs that differs between databases. The rest of the store uses
 * portable SQL only, so a new database (PostgreSQL next) needs just another implementation.
 */
public interface SqlDialect {

    /** A column type for long text such as item JSON. */
    String longTextType();

    /** The statement that creates the version sequence. */
    String createSequence(String name);

    /** A query returning one row with one column: the next value of the sequence. */
    String nextValue(String sequence);

    /** Whether the exception says that a table, index or sequence being created already exists. */
    boolean isAlreadyExists(SQLException e);

    /**
     * Whether the exception is a transient clash with a concurrent transaction (deadlock, lock
     * timeout, a duplicate key from a concurrent insert) after which the transaction may be retried.
     */
    boolean isRetryable(SQLException e);
}
