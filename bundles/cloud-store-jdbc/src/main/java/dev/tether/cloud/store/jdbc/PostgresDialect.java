package dev.tether.cloud.store.jdbc;

import java.sql.SQLException;
import java.sql.Types;
import java.util.Set;

/** PostgreSQL (12 and later): TEXT for JSON, keys collated "C" so that they sort like Java strings. */
public final class PostgresDialect implements SqlDialect {

    /** Duplicate table/relation, duplicate object, duplicate column. */
    private static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42710", "42701");
    /** Serialization failure, deadlock, lock not available, duplicate key from a concurrent insert. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "55P03", "23505");

    @Override
    public String longTextType() {
        return "TEXT";
    }

    @Override
    public int longTextSqlType() {
        return Types.VARCHAR;
    }

    @Override
    public String keyTextType(int maxLength) {
        return "VARCHAR(" + maxLength + ") COLLATE \"C\"";
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return ALREADY_EXISTS.contains(e.getSQLState());
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return SqlDialect.hasState(e, RETRYABLE);
    }
}
