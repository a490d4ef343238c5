package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;

/**
 * The last write of each device to each item that the store settled (applied, or settled a conflict),
 * and how, kept after later writes of others replaced it: a copy of that write arriving late (a batch
 * resent because its ack was slow or lost) is then recognised even though the item's stamp no longer
 * names it, instead of being taken for a new concurrent write, and a conflict is answered as a conflict
 * again, so that the device logs it too.
 */
final class DeviceWriteTable {

    /** How a device's write was settled. */
    enum Outcome {
        APPLIED, WON_CONFLICT, LOST_CONFLICT;

        boolean conflict() {
            return this != APPLIED;
        }
    }

    /** A device's settled write: its HLC and how it was settled (a lost one was never stored). */
    record SettledWrite(Hlc hlc, Outcome outcome) {
    }

    private static final String SELECT = "SELECT hlc, lost, won FROM " + StoreSchema.DEVICE_WRITES
            + " WHERE scope = ? AND model = ? AND pk = ? AND sk = ? AND origin = ?";
    private static final String UPDATE = "UPDATE " + StoreSchema.DEVICE_WRITES
            + " SET hlc = ?, lost = ?, won = ? WHERE scope = ? AND model = ? AND pk = ? AND sk = ? AND origin = ?";
    private static final String INSERT = "INSERT INTO " + StoreSchema.DEVICE_WRITES
            + " (hlc, lost, won, scope, model, pk, sk, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    Optional<SettledWrite> last(Connection connection, String scope, String model, ItemKey key, String origin)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            bindItem(select, 1, scope, model, key, origin);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Outcome outcome = row.getBoolean(2) ? Outcome.LOST_CONFLICT
                        : row.getBoolean(3) ? Outcome.WON_CONFLICT : Outcome.APPLIED;
                return Optional.of(new SettledWrite(Hlc.parse(row.getString(1)), outcome));
            }
        }
    }

    void record(Connection connection, String scope, String model, ItemKey key, String origin, String hlc,
            Outcome outcome) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            bindOutcome(update, hlc, outcome);
            bindItem(update, 4, scope, model, key, origin);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bindOutcome(insert, hlc, outcome);
            bindItem(insert, 4, scope, model, key, origin);
            insert.executeUpdate();
        }
    }

    private static void bindOutcome(PreparedStatement statement, String hlc, Outcome outcome) throws SQLException {
        statement.setString(1, hlc);
        statement.setBoolean(2, outcome == Outcome.LOST_CONFLICT);
        statement.setBoolean(3, outcome == Outcome.WON_CONFLICT);
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
