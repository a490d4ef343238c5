package dev.tether.store.derby.internal;

import java.sql.SQLException;

/** SQL names and Derby SQLStates the store relies on. */
final class Sql {

    static final String SCHEMA = "TETHER";
    static final String OUTBOX = SCHEMA + ".OUTBOX";

    static final String OBJECT_EXISTS = "X0Y32";
    static final String SCHEMA_EXISTS = "X0Y68";
    static final String DUPLICATE_KEY = "23505";
    static final String DEADLOCK = "40001";
    static final String LOCK_TIMEOUT = "40XL1";
    static final String SEQUENCE_CONTENTION = "X0Y84";
    static final String DATABASE_SHUT_DOWN = "08006";
    static final String ENGINE_SHUT_DOWN = "XJ015";

    private Sql() {
    }

    /** A delimited identifier; names are upper-cased first so they equal the unquoted form (READING = "READING"). */
    static String quote(String name) {
        return '"' + name + '"';
    }

    static boolean hasState(SQLException e, String sqlState) {
        return sqlState.equals(e.getSQLState());
    }
}
