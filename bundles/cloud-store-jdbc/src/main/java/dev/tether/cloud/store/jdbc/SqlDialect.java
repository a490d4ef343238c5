package dev.tether.cloud.store.jdbc;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Everything the store's SQL needs that differs between databases. The rest of the store uses
 * portable SQL only.
 */
public interface SqlDialect {

    /** A column type for long text such as item JSON. */
    String longTextType();

    /** The JDBC type to bind a NULL of {@link #longTextType()} with. */
    int longTextSqlType();

    /** A column type for key text that sorts by code point, as Java's {@code String.compareTo} does. */
    String keyTextType(int maxLength);

    /** Whether the exception says that a table or index being created already exists. */
    boolean isAlreadyExists(SQLException e);

    /**
     * Whether the exception is a transient clash with a concurrent transaction (deadlock, lock
     * timeout, a duplicate key from a concurrent insert) after which the transaction may be retried.
     */
    boolean isRetryable(SQLException e);

    /** The dialect for a JDBC URL: {@code jdbc:postgresql:} or {@code jdbc:derby:}. */
    static SqlDialect forUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (url.startsWith("jdbc:derby:")) {
            return new DerbyDialect();
        }
        throw new IllegalArgumentException("no SQL dialect for '" + jdbcUrl
                + "': supported are jdbc:postgresql:… and jdbc:derby:…");
    }

    static boolean hasState(SQLException e, java.util.Set<String> states) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (states.contains(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
