package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.tether.cloudstore.CloudConflict;
import dev.tether.protocol.ItemKey;

/** Reads the conflict log. Conflict detection (its own issue) writes it in the transaction of the batch. */
final class ConflictTable {

    private static final String SELECT = "SELECT id, recorded_at, scope, model, pk, sk, device, policy, winner, detail FROM "
            + StoreSchema.CONFLICTS + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY";

    List<CloudConflict> newestFirst(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<CloudConflict> conflicts = new ArrayList<>();
                while (rows.next()) {
                    String sk = rows.getString("sk");
                    conflicts.add(new CloudConflict(rows.getLong("id"), rows.getTimestamp("recorded_at").toInstant(),
                            rows.getString("scope"), rows.getString("model"),
                            new ItemKey(rows.getString("pk"), sk.isEmpty() ? null : sk), rows.getString("device"),
                            rows.getString("policy"), rows.getString("winner"), rows.getString("detail")));
                }
                return conflicts;
            }
        }
    }
}
