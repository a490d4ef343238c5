package dev.tether.cloud.store.jdbc;

import java.sql.SQLException;

/** Apache Derby (10.16): no {@code IF NOT EXISTS}, sequences read through {@code VALUES}. */
public final class DerbyDialect implements SqlDialect {

    private static final String ALREADY_EXISTS = "X0Y32";
    private static final String SEQUENCE_ALREADY_EXISTS = "X0Y68";
    private static final String DUPLICATE_KEY = "23505";
    private static final String DEADLOCK = "40001";
    private static final String LOCK_TIMEOUT = "40XL1";
    private static final String LOCK_TIMEOUT_WITH_TABLE = "40XL2";

    @Override
    public String longTextType() {
        return "CLOB";
    }

    @Override
    public String createSequence(String name) {
        return "CREATE SEQUENCE " + name + " AS BIGINT START WITH 1";
    }

    @Override
    public String nextValue(String sequence) {
        return "VALUES (NEXT VALUE FOR " + sequence + ")";
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return ALREADY_EXISTS.equals(e.getSQLState()) || SEQUENCE_ALREADY_EXISTS.equals(e.getSQLState());
    }

    @Override
    public boolean isRetryable(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (DUPLICATE_KEY.equals(state) || DEADLOCK.equals(state) || LOCK_TIMEOUT.equals(state)
                    || LOCK_TIMEOUT_WITH_TABLE.equals(state)) {
                return true;
            }
        }
        return false;
    }
}
