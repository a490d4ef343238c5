package dev.tether.cloud.store.jdbc;

import java.sql.SQLException;
import java.sql.Types;
import java.util.Set;

/** Apache Derby (10.16): no {@code IF NOT EXISTS}; VARCHAR compares by UTF-16 code unit, like Java. */
public final class DerbyDialect implements SqlDialect {

    private static final Set<String> ALREADY_EXISTS = Set.of("X0Y32");
    /** Duplicate key, deadlock, lock timeout (with and without the table named). */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40XL1", "40XL2");

    @Override
    public String longTextType() {
        return "CLOB";
    }

    @Override
    public int longTextSqlType() {
        return Types.CLOB;
    }

    @Override
    public String keyTextType(int maxLength) {
        return "VARCHAR(" + maxLength + ")";
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
