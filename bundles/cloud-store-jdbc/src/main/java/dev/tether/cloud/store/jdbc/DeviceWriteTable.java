package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;

/**
 * The last write of each device to each item that the store settled (applied, or lost a conflict),
 * kept after later writes of others replaced it: a copy of that write arriving late (a batch resent
 * because its ack was slow or lost) is then recognised even though the item's stamp no longer names it,
 * instead of being taken for a new concurrent write.
 */
final class DeviceWriteTable {

    /** A device's settled write: its HLC and whether it lost a conflict (and so was never stored). */
    record SettledWrite(Hlc hlc, boolean lost) {
    }

    private static final String SELECT = "SELECT hlc, lost FROM " + StoreSchema.DEVICE_WRITES
            + " WHERE scope = ? AND model = ? AND pk = ? AND sk = ? AND origin = ?";
    private static final String UPDATE = "UPDATE " + StoreSchema.DEVICE_WRITES
            + " SET hlc = ?, lost = ? WHERE scope = ? AND model = ? AND pk = ? AND sk = ? AND origin = ?";
    private static final String INSERT = "INSERT INTO " + StoreSchema.DEVICE_WRITES
            + " (hlc, lost, scope, model, pk, sk, origin) VALUES (?, ?, ?, ?, ?, ?, ?)";

    Optional<SettledWrite> last(Connection connection, String scope, String model, ItemKey key, String origin)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            bindItem(select, 1, scope, model, key, origin);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new SettledWrite(Hlc.parse(row.getString(1)), row.getBoolean(2)))
                        : Optional.empty();
            }
        }
    }

    void record(Connection connection, String scope, String model, ItemKey key, String origin, String hlc, boolean lost)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setString(1, hlc);
            update.setBoolean(2, lost);
            bindItem(update, 3, scope, model, key, origin);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, hlc);
            insert.setBoolean(2, lost);
            bindItem(insert, 3, scope, model, key, origin);
            insert.executeUpdate();
        }
    }

    private static void bindItem(PreparedStatement statement, int index, String scope, String model, ItemKey key,
            String origin) throws SQLException {
        statement.setString(index, scope);
        statement.setString(index + 1, model);
        statement.setString(index + 2, key.pk());
        statement.setString(index + 3, key.sk() == null ? "" : key.sk());
        statement.setString(index + 4, origin);
    }
}
