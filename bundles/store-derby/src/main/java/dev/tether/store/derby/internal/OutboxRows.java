package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.tether.protocol.ItemKey;

/** SQL on one item's rows of the outbox; {@code SK} is NULL for models without a sort key. */
final class OutboxRows {

    private OutboxRows() {
    }

    /** Matches an item's rows; bind with {@link #bindItem}. */
    static String itemCondition(ItemKey key) {
        return "MODEL = ? AND PK = ? AND " + (key.sk() == null ? "SK IS NULL" : "SK = ?");
    }

    static int bindItem(PreparedStatement statement, int index, String model, ItemKey key) throws SQLException {
        statement.setString(index++, model);
        statement.setString(index++, key.pk());
        if (key.sk() != null) {
            statement.setString(index++, key.sk());
        }
        return index;
    }

    static boolean exist(PreparedStatements statements, String model, ItemKey key) throws SQLException {
        PreparedStatement select = statements.get("SELECT 1 FROM " + Sql.OUTBOX + " WHERE " + itemCondition(key)
                + " FETCH FIRST ROW ONLY");
        bindItem(select, 1, model, key);
        try (ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    /** Whether the item was written again after the row at {@code sequence} (an index-only probe). */
    static boolean writtenAfter(PreparedStatements statements, String model, ItemKey key, long sequence)
            throws SQLException {
        PreparedStatement select = statements.get("SELECT 1 FROM " + Sql.OUTBOX + " WHERE " + itemCondition(key)
                + " AND SEQ > ? FETCH FIRST ROW ONLY");
        select.setLong(bindItem(select, 1, model, key), sequence);
        try (ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    static void deleteAll(Connection connection, String model, ItemKey key) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + Sql.OUTBOX + " WHERE " + itemCondition(key))) {
            bindItem(delete, 1, model, key);
            delete.executeUpdate();
        }
    }
}
