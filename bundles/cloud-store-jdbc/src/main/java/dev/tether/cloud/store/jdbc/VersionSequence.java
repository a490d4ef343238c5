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

    private static final String INCREMENT = "UPDATE " + StoreSchema.VERSION_COUNTER
            + " SET last_version = last_version + 1 WHERE id = 1";
    private static final String READ = "SELECT last_version FROM " + StoreSchema.VERSION_COUNTER + " WHERE id = 1";

    long next(Connection connection) throws SQLException {
        try (PreparedStatement increment = connection.prepareStatement(INCREMENT)) {
            if (increment.executeUpdate() != 1) {
                throw new SQLException("the version counter " + StoreSchema.VERSION_COUNTER + " has no row");
            }
        }
        try (PreparedStatement read = connection.prepareStatement(READ); ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
