package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.LocalConflict;
import dev.tether.store.PendingChange;

/** The device's conflict log in {@code TETHER.CONFLICT}: each local change the cloud settled as a conflict. */
final class DerbyConflictLog {

    static final String TABLE = Sql.SCHEMA + ".CONFLICT";
    static final String CREATE = "CREATE TABLE " + TABLE + " ("
            + "ID BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT CONFLICT_PK PRIMARY KEY, "
            + "RECORDED_AT TIMESTAMP NOT NULL, MODEL VARCHAR(128) NOT NULL, PK VARCHAR(" + ColumnType.KEY_LENGTH + ") NOT NULL, "
            + "SK VARCHAR(" + ColumnType.KEY_LENGTH + "), OP VARCHAR(8) NOT NULL, LOCAL_ITEM CLOB, LOCAL_HLC VARCHAR(64), "
            + "BASE BIGINT, DEVICE_WON BOOLEAN NOT NULL, WINNER CLOB, VERSION BIGINT NOT NULL)";
    private static final String COLUMNS = "ID, RECORDED_AT, MODEL, PK, SK, OP, LOCAL_ITEM, LOCAL_HLC, BASE, DEVICE_WON, WINNER, VERSION";
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeNulls().create();

    private final Transactions transactions;

    DerbyConflictLog(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Records a settled conflict inside the caller's transaction. */
    void record(Connection connection, Instant at, PendingChange change, boolean deviceWon, Map<String, Object> winner,
            long version) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (RECORDED_AT, MODEL, PK, SK, OP, LOCAL_ITEM, LOCAL_HLC, BASE, DEVICE_WON, WINNER, VERSION)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, change.model());
            insert.setString(3, change.key().pk());
            insert.setString(4, change.key().sk());
            insert.setString(5, change.op().name());
            insert.setString(6, change.item() == null ? null : GSON.toJson(change.item()));
            insert.setString(7, change.hlc());
            insert.setObject(8, change.base(), Types.BIGINT);
            insert.setBoolean(9, deviceWon);
            insert.setString(10, winner == null ? null : GSON.toJson(winner));
            insert.setLong(11, version);
            insert.executeUpdate();
        }
    }

    List<LocalConflict> newestFirst(int max) {
        return transactions.run("list conflicts", connection -> {
            List<LocalConflict> conflicts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " ORDER BY ID DESC FETCH FIRST " + Math.max(1, max) + " ROWS ONLY");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(read(rows));
                }
            }
            return conflicts;
        });
    }

    long count() {
        return transactions.run("count conflicts", connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + TABLE);
                    ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static LocalConflict read(ResultSet row) throws SQLException {
        long base = row.getLong("BASE");
        Long baseOrNull = row.wasNull() ? null : base;
        return new LocalConflict(row.getLong("ID"), row.getTimestamp("RECORDED_AT").toInstant(), row.getString("MODEL"),
                new ItemKey(row.getString("PK"), row.getString("SK")), Op.valueOf(row.getString("OP")),
                item(row.getString("LOCAL_ITEM")), row.getString("LOCAL_HLC"), baseOrNull, row.getBoolean("DEVICE_WON"),
                item(row.getString("WINNER")), row.getLong("VERSION"));
    }

    private static Map<String, Object> item(String json) {
        return json == null ? null : GSON.fromJson(json, new TypeToken<Map<String, Object>>() { }.getType());
    }
}
