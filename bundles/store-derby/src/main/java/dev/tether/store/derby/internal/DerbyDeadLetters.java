package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
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
import dev.tether.store.DeadLetter;
import dev.tether.store.DeadLetters;
import dev.tether.store.PendingChange;

/** Changes set aside in {@code TETHER.DEAD_LETTER}, with the item's content as it was sent and the reason. */
final class DerbyDeadLetters implements DeadLetters {

    static final String TABLE = Sql.SCHEMA + ".DEAD_LETTER";
    static final String CREATE = "CREATE TABLE " + TABLE + " ("
            + "ID BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT DEAD_LETTER_PK PRIMARY KEY, "
            + "MODEL VARCHAR(128) NOT NULL, PK VARCHAR(" + ColumnType.KEY_LENGTH + ") NOT NULL, "
            + "SK VARCHAR(" + ColumnType.KEY_LENGTH + "), OP VARCHAR(8) NOT NULL, ITEM CLOB, HLC VARCHAR(64), BASE BIGINT, "
            + "REASON VARCHAR(4000) NOT NULL, SET_ASIDE_AT TIMESTAMP NOT NULL)";
    private static final String COLUMNS = "ID, MODEL, PK, SK, OP, ITEM, HLC, REASON, SET_ASIDE_AT, BASE";
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeNulls().create();

    private final Transactions transactions;

    DerbyDeadLetters(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Moves the change's outbox rows into a dead letter, inside the caller's transaction. */
    DeadLetter setAside(Connection connection, PendingChange change, String reason, Instant now) throws SQLException {
        String why = reason.length() > 4000 ? reason.substring(0, 3999) + "…" : reason;
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (MODEL, PK, SK, OP, ITEM, HLC, BASE, REASON, SET_ASIDE_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, change.model());
            insert.setString(2, change.key().pk());
            insert.setString(3, change.key().sk());
            insert.setString(4, change.op().name());
            insert.setString(5, change.item() == null ? null : GSON.toJson(change.item()));
            insert.setString(6, change.hlc());
            insert.setObject(7, change.base(), java.sql.Types.BIGINT);
            insert.setString(8, why);
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        String sql = "DELETE FROM " + Sql.OUTBOX + " WHERE " + OutboxRows.itemCondition(change.key()) + " AND SEQ <= ?";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            int index = OutboxRows.bindItem(delete, 1, change.model(), change.key());
            delete.setLong(index, change.sequence());
            delete.executeUpdate();
        }
        return new DeadLetter(id, change.model(), change.key(), change.op(), change.item(), change.hlc(), why, now);
    }

    @Override
    public List<DeadLetter> list(int max) {
        return transactions.run("list dead letters", connection -> {
            List<DeadLetter> letters = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " ORDER BY ID FETCH FIRST " + Math.max(1, max) + " ROWS ONLY");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(read(rows));
                }
            }
            return letters;
        });
    }

    /** The item's next pending change is read from its current row, as for any captured write. */
    @Override
    public boolean retry(long id) {
        return transactions.run("retry dead letter " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE ID = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Sql.OUTBOX
                            + " (MODEL, PK, SK, OP, BASE) VALUES (?, ?, ?, ?, ?)")) {
                        insert.setString(1, row.getString("MODEL"));
                        insert.setString(2, row.getString("PK"));
                        insert.setString(3, row.getString("SK"));
                        insert.setString(4, row.getString("OP"));
                        insert.setObject(5, row.getObject("BASE"), java.sql.Types.BIGINT);
                        insert.executeUpdate();
                    }
                }
            }
            return delete(connection, id);
        });
    }

    @Override
    public boolean discard(long id) {
        return transactions.run("discard dead letter " + id, connection -> delete(connection, id));
    }

    @Override
    public long count() {
        return transactions.run("count dead letters", connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + TABLE);
                    ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static boolean delete(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE ID = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() > 0;
        }
    }

    private static DeadLetter read(ResultSet row) throws SQLException {
        String json = row.getString("ITEM");
        Map<String, Object> item = json == null ? null : GSON.fromJson(json, new TypeToken<Map<String, Object>>() { }.getType());
        return new DeadLetter(row.getLong("ID"), row.getString("MODEL"), new ItemKey(row.getString("PK"), row.getString("SK")),
                Op.valueOf(row.getString("OP")), item, row.getString("HLC"), row.getString("REASON"),
                row.getTimestamp("SET_ASIDE_AT").toInstant());
    }
}
