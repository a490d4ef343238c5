package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Positions of the change feed: the global one (stream {@code ''}: every version up to it was
 * handed over) and, per scope, the cursor of the last message sent to that scope's stream.
 */
final class FanOutTable {

    static final String GLOBAL = "";

    private static final String LOCK = "UPDATE " + StoreSchema.FAN_OUT + " SET sent_version = sent_version WHERE stream = ?";
    private static final String SELECT = "SELECT sent_version FROM " + StoreSchema.FAN_OUT + " WHERE stream = ?";
    private static final String UPDATE = "UPDATE " + StoreSchema.FAN_OUT + " SET sent_version = ? WHERE stream = ?";
    private static final String INSERT = "INSERT INTO " + StoreSchema.FAN_OUT + " (stream, sent_version) VALUES (?, ?)";

    /**
     * Locks the global position's row until the transaction ends, so that one instance fans out at
     * a time; creates the row if it is missing.
     */
    long lockGlobal(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.setString(1, GLOBAL);
            if (lock.executeUpdate() == 0) {
                insert(connection, GLOBAL, 0);
            }
        }
        return position(connection, GLOBAL);
    }

    long position(Connection connection, String stream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, stream);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    void set(Connection connection, String stream, long version) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setLong(1, version);
            update.setString(2, stream);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        insert(connection, stream, version);
    }

    private static void insert(Connection connection, String stream, long version) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, stream);
            insert.setLong(2, version);
            insert.executeUpdate();
        }
    }
}
