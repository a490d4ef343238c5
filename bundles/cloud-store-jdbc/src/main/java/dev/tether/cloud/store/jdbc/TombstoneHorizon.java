package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The SQL of the tombstone horizon. Items carry no write time, so each purge notes the highest
 * version of that moment in the marks table; a later purge at least a horizon after a mark may drop
 * every tombstone up to that mark's version. The watermark row keeps the highest version purged,
 * and the scope watermarks the highest version purged of each scope (the purge holds the watermark
 * row's lock, so they are written by one transaction at a time).
 */
final class TombstoneHorizon {

    private static final String LOCK = "UPDATE " + StoreSchema.HORIZON + " SET watermark = watermark WHERE id = 1";
    private static final String WATERMARK = "SELECT watermark FROM " + StoreSchema.HORIZON + " WHERE id = 1";
    private static final String RAISE = "UPDATE " + StoreSchema.HORIZON + " SET watermark = ? WHERE id = 1 AND watermark < ?";
    private static final String HIGHEST = "SELECT MAX(version) FROM " + StoreSchema.ITEMS;
    private static final String NOTE = "INSERT INTO " + StoreSchema.HORIZON_MARKS + " (noted_at, version) VALUES (?, ?)";
    private static final String CUT = "SELECT MAX(version) FROM " + StoreSchema.HORIZON_MARKS + " WHERE noted_at <= ?";
    private static final String HIGHEST_TOMBSTONE = "SELECT MAX(version) FROM " + StoreSchema.ITEMS
            + " WHERE deleted = ? AND version <= ?";
    private static final String PURGED_PER_SCOPE = "SELECT scope, MAX(version) FROM " + StoreSchema.ITEMS
            + " WHERE deleted = ? AND version <= ? GROUP BY scope";
    private static final String SCOPE_WATERMARK = "SELECT watermark FROM " + StoreSchema.SCOPE_WATERMARKS + " WHERE scope = ?";
    private static final String RAISE_SCOPE = "UPDATE " + StoreSchema.SCOPE_WATERMARKS
            + " SET watermark = ? WHERE scope = ? AND watermark < ?";
    private static final String INSERT_SCOPE = "INSERT INTO " + StoreSchema.SCOPE_WATERMARKS + " (scope, watermark) VALUES (?, ?)";
    private static final String PURGE = "DELETE FROM " + StoreSchema.ITEMS + " WHERE deleted = ? AND version <= ?";
    private static final String FORGET_MARKS = "DELETE FROM " + StoreSchema.HORIZON_MARKS + " WHERE version < ?";

    private final FanOutTable fanOut;

    TombstoneHorizon(FanOutTable fanOut) {
        this.fanOut = fanOut;
    }

    /** Creates the watermark row if it is missing; another instance creating it at once is fine. */
    static void createRowIfMissing(Connection connection, SqlDialect dialect) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + StoreSchema.HORIZON);
                ResultSet row = select.executeQuery()) {
            row.next();
            if (row.getLong(1) > 0) {
                return;
            }
        }
        try (Statement insert = connection.createStatement()) {
            insert.executeUpdate("INSERT INTO " + StoreSchema.HORIZON + " (id, watermark) VALUES (1, 0)");
        } catch (SQLException e) {
            if (!dialect.isRetryable(e)) {
                throw e;
            }
        }
    }

    long watermark(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WATERMARK); ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /** The highest version purged of the scope, 0 if none. */
    long watermark(Connection connection, String scope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SCOPE_WATERMARK)) {
            select.setString(1, scope);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    long highestVersion(Connection connection) throws SQLException {
        return max(connection, HIGHEST).orElse(0);
    }

    /** One purge, inside the caller's transaction; the lock on the watermark row lets one instance purge at a time. */
    int purge(Connection connection, Instant now, Duration horizon) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.executeUpdate();
        }
        try (PreparedStatement note = connection.prepareStatement(NOTE)) {
            note.setTimestamp(1, Timestamp.from(now));
            note.setLong(2, highestVersion(connection));
            note.executeUpdate();
        }
        OptionalLong markedCut;
        try (PreparedStatement cut = connection.prepareStatement(CUT)) {
            cut.setTimestamp(1, Timestamp.from(now.minus(horizon)));
            markedCut = maxOf(cut);
        }
        if (markedCut.isEmpty()) {
            return 0;
        }
        // A tombstone the fan-out has not handed over yet still has to reach the live devices.
        long cut = Math.min(markedCut.getAsLong(), fanOut.position(connection, FanOutTable.GLOBAL));
        OptionalLong highestPurged;
        try (PreparedStatement select = connection.prepareStatement(HIGHEST_TOMBSTONE)) {
            select.setBoolean(1, true);
            select.setLong(2, cut);
            highestPurged = maxOf(select);
        }
        int purged = 0;
        if (highestPurged.isPresent()) {
            raiseScopeWatermarks(connection, cut);
            try (PreparedStatement delete = connection.prepareStatement(PURGE)) {
                delete.setBoolean(1, true);
                delete.setLong(2, cut);
                purged = delete.executeUpdate();
            }
            try (PreparedStatement raise = connection.prepareStatement(RAISE)) {
                raise.setLong(1, highestPurged.getAsLong());
                raise.setLong(2, highestPurged.getAsLong());
                raise.executeUpdate();
            }
        }
        try (PreparedStatement forget = connection.prepareStatement(FORGET_MARKS)) {
            forget.setLong(1, cut);
            forget.executeUpdate();
        }
        return purged;
    }

    private static void raiseScopeWatermarks(Connection connection, long cut) throws SQLException {
        Map<String, Long> perScope = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(PURGED_PER_SCOPE)) {
            select.setBoolean(1, true);
            select.setLong(2, cut);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    perScope.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        for (Map.Entry<String, Long> scope : perScope.entrySet()) {
            boolean known;
            try (PreparedStatement select = connection.prepareStatement(SCOPE_WATERMARK)) {
                select.setString(1, scope.getKey());
                try (ResultSet row = select.executeQuery()) {
                    known = row.next();
                }
            }
            String sql = known ? RAISE_SCOPE : INSERT_SCOPE;
            try (PreparedStatement write = connection.prepareStatement(sql)) {
                if (known) {
                    write.setLong(1, scope.getValue());
                    write.setString(2, scope.getKey());
                    write.setLong(3, scope.getValue());
                } else {
                    write.setString(1, scope.getKey());
                    write.setLong(2, scope.getValue());
                }
                write.executeUpdate();
            }
        }
    }

    private static OptionalLong max(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            return maxOf(select);
        }
    }

    private static OptionalLong maxOf(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return OptionalLong.empty();
            }
            long value = row.getLong(1);
            return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }
}
