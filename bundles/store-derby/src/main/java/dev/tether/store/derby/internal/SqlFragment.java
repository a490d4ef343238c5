package dev.tether.store.derby.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A piece of SQL with the values for its placeholders, in order. */
final class SqlFragment {

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Binder> binders = new ArrayList<>();

    SqlFragment append(String text) {
        sql.append(text);
        return this;
    }

    SqlFragment append(String text, Binder binder) {
        sql.append(text);
        binders.add(binder);
        return this;
    }

    SqlFragment and(SqlFragment condition) {
        if (condition.isEmpty()) {
            return this;
        }
        if (!isEmpty()) {
            sql.append(" AND ");
        }
        sql.append('(').append(condition.sql).append(')');
        binders.addAll(condition.binders);
        return this;
    }

    boolean isEmpty() {
        return sql.length() == 0;
    }

    String sql() {
        return sql.toString();
    }

    /** Binds the values starting at {@code index}; returns the next free index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        for (Binder binder : binders) {
            binder.bind(statement, index++);
        }
        return index;
    }
}
