package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the devices table: one row per writer, updated in the transaction of its batch. */
final class DeviceTable {

    private static final String UPDATE = "UPDATE " + StoreSchema.DEVICES
            + " SET last_seen = ?, batches = batches + 1, changes_applied = changes_applied + ? WHERE device = ?";
    private static final String INSERT = "INSERT INTO " + StoreSchema.DEVICES
            + " (device, last_seen, batches, changes_applied) VALUES (?, ?, 1, ?)";
    private static final String SELECT_ALL = "SELECT device, last_seen, batches, changes_applied FROM "
            + StoreSchema.DEVICES + " ORDER BY device";

    void recordBatch(Connection connection, String device, Instant seen, int changesApplied) throws SQLException {
        Timestamp lastSeen = Timestamp.from(seen);
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setTimestamp(1, lastSeen);
            update.setLong(2, changesApplied);
            update.setString(3, device);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, device);
            insert.setTimestamp(2, lastSeen);
            insert.setLong(3, changesApplied);
            insert.executeUpdate();
        }
    }

    List<DeviceActivity> listAll(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_ALL);
                ResultSet rows = select.executeQuery()) {
            List<DeviceActivity> devices = new ArrayList<>();
            while (rows.next()) {
                devices.add(new DeviceActivity(rows.getString(1), rows.getTimestamp(2).toInstant(), rows.getLong(3),
                        rows.getLong(4)));
            }
            return devices;
        }
    }
}
