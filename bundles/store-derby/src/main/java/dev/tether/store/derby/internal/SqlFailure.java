package dev.tether.store.derby.internal;

import java.sql.SQLException;

/** Carries an SQLException through code that cannot throw checked exceptions, back to {@link Transactions}. */
final class SqlFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
        super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
