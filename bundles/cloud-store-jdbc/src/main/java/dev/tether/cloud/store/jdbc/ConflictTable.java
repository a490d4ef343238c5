package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tether.cloudstore.CloudConflict;
import dev.tether.protocol.ItemKey;

/** The conflict log: written by {@link ChangeApplier} in the transaction of the batch that settled the conflict. */
final class ConflictTable {

    static final String DEVICE_WON = "device";
    static final String CLOUD_WON = "cloud";

    private static final String SELECT = "SELECT id, recorded_at, scope, model, pk, sk, device, policy, winner, detail FROM "
            + StoreSchema.CONFLICTS + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
    private static final String INSERT = "INSERT INTO " + StoreSchema.CONFLICTS
            + " (recorded_at, scope, model, pk, sk, device, policy, winner, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final SqlDialect dialect;

    ConflictTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    void record(Connection connection, Instant at, String scope, String model, ItemKey key, String device, String policy,
            String winner, String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, scope);
            insert.setString(3, model);
            insert.setString(4, key.pk());
            insert.setString(5, key.sk() == null ? "" : key.sk());
            insert.setString(6, device);
            insert.setString(7, policy);
            insert.setString(8, winner);
            if (detail == null) {
                insert.setNull(9, dialect.longTextSqlType());
            } else {
                insert.setString(9, detail);
            }
            insert.executeUpdate();
        }
    }

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
