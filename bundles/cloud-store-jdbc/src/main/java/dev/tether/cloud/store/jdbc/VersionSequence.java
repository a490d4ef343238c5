package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hands out cloud versions from the one row of the version counter table. Taking a version locks
 * that row until the transaction ends, so a transaction that took a lower version always commits
 * (or rolls back) before any other can take a higher one: versions become visible in increasing
 * order, and a reader that saw version V has seen every committed version below V. That is what
 * lets the change feed read "version > cursor" without ever skipping a late commit. The price is
 * that writing transactions are serialized on this row; they are short (one batch).
 */
final class VersionSequence {

    private static final String ADVANCE = "UPDATE " + StoreSchema.VERSION_COUNTER
            + " SET last_version = last_version + ? WHERE id = 1";
    private static final String READ = "SELECT last_version FROM " + StoreSchema.VERSION_COUNTER + " WHERE id = 1";

    /**
     * Versions for one transaction that expects to write up to {@code expected} items: the first one
     * taken reserves all of them with one counter update (instead of an update and a read per item);
     * more than expected take another block. Versions a transaction reserves and does not use are
     * skipped: they only need to increase.
     */
    Block block(int expected) {
        return new Block(Math.max(1, expected));
    }

    static final class Block {
        private final int size;
        private long next = 1;
        private long last;

        private Block(int size) {
            this.size = size;
        }

        long next(Connection connection) throws SQLException {
            if (next > last) {
                last = advance(connection, size);
                next = last - size + 1;
            }
            return next++;
        }
    }

    private static long advance(Connection connection, int count) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            advance.setInt(1, count);
            if (advance.executeUpdate() != 1) {
                throw new SQLException("the version counter " + StoreSchema.VERSION_COUNTER + " has no row");
            }
        }
        try (PreparedStatement read = connection.prepareStatement(READ); ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
