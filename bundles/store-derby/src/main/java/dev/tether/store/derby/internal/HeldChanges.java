package dev.tether.store.derby.internal;

import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemChange;

/**
 * Cloud changes held back because their item had unacknowledged local work when they came, in
 * {@code TETHER.HELD_CHANGE}, the newest per item. The acknowledgement of that work settles the item:
 * a held change newer than the version the cloud acknowledged is a write the cloud made after the
 * device's, which the device would otherwise never see again (the down cursor has moved past it), so
 * it is applied then, without echo, in the acknowledgement's transaction.
 */
final class HeldChanges {

    static final String TABLE = Sql.SCHEMA + ".HELD_CHANGE";
    static final String CREATE = "CREATE TABLE " + TABLE + " ("
            + "MODEL VARCHAR(128) NOT NULL, PK VARCHAR(" + ColumnType.KEY_LENGTH + ") NOT NULL, "
            + "SK VARCHAR(" + ColumnType.KEY_LENGTH + "), OP VARCHAR(8) NOT NULL, ITEM CLOB, VERSION BIGINT NOT NULL, "
            + "ORIGIN VARCHAR(256), HLC VARCHAR(64))";
    static final String CREATE_INDEX = "CREATE INDEX " + Sql.SCHEMA + ".HELD_CHANGE_ITEM ON " + TABLE + " (MODEL, PK, SK)";

    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeNulls().create();
    private static final Type ITEM_TYPE = new TypeToken<Map<String, Object>>() { }.getType();

    private HeldChanges() {
    }

    /** Whether any change is held at all. */
    static boolean any(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + TABLE + " FETCH FIRST ROW ONLY");
                ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    /** Keeps the change unless a newer one of the item is held already. */
    static void hold(Connection connection, CloudChange change) throws SQLException {
        Optional<CloudChange> held = find(connection, change.model(), change.key());
        if (held.isPresent()) {
            if (held.get().version() >= change.version()) {
                return;
            }
            delete(connection, change.model(), change.key());
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (MODEL, PK, SK, OP, ITEM, VERSION, ORIGIN, HLC) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, change.model());
            insert.setString(2, change.key().pk());
            insert.setString(3, change.key().sk());
            insert.setString(4, change.op().name());
            insert.setString(5, change.item() == null ? null : GSON.toJson(change.item()));
            insert.setLong(6, change.version());
            insert.setString(7, change.origin());
            insert.setString(8, change.hlc());
            insert.executeUpdate();
        }
    }

    /**
     * Once the item has no unacknowledged local work left: applies the held change unless it is older
     * than {@code settledVersion} or the row's version, and forgets it either way. With local work still
     * pending (written again since), the held change waits for that work's acknowledgement.
     *
     * @return the change applied, if one was
     */
    static Optional<ItemChange> release(PreparedStatements statements, ModelTable table, String model, ItemKey key,
            long settledVersion) throws SQLException {
        Connection connection = statements.connection();
        boolean rowExists = InboundApplier.lockItem(statements, table, key);
        CaptureJournal.expand(statements, Integer.MAX_VALUE);
        if (OutboxRows.exist(statements, model, key)) {
            return Optional.empty();
        }
        Optional<CloudChange> held = find(connection, model, key);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Savepoint before = connection.setSavepoint();
        delete(connection, model, key);
        CloudChange change = held.get();
        Long rowVersion = InboundApplier.rowVersion(statements, table, key);
        // Equal counts: a late copy of the device's write is acknowledged as a duplicate with the item's
        // current version, which can be the held change's own (the device holds its older content).
        if (change.version() < settledVersion || rowVersion != null && change.version() < rowVersion) {
            connection.releaseSavepoint(before);
            return Optional.empty();
        }
        try {
            ItemChange applied = InboundApplier.writeLocked(statements, table, change, rowExists);
            OutboxRows.deleteAll(connection, model, key);
            connection.releaseSavepoint(before);
            return Optional.of(applied);
        } catch (SQLException e) {
            if (!InboundApplier.createdSinceTheLock(rowExists, e)) {
                throw e;
            }
            connection.rollback(before); // a local create since: it is pending now, the change stays held
            connection.releaseSavepoint(before);
            return Optional.empty();
        }
    }

    private static Optional<CloudChange> find(Connection connection, String model, ItemKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT OP, ITEM, VERSION, ORIGIN, HLC FROM " + TABLE
                + " WHERE " + OutboxRows.itemCondition(key))) {
            OutboxRows.bindItem(select, 1, model, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String item = row.getString(2);
                return Optional.of(new CloudChange(model, key, Op.valueOf(row.getString(1)),
                        item == null ? null : GSON.fromJson(item, ITEM_TYPE), row.getLong(3), row.getString(4),
                        row.getString(5)));
            }
        }
    }

    private static void delete(Connection connection, String model, ItemKey key) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE "
                + OutboxRows.itemCondition(key))) {
            OutboxRows.bindItem(delete, 1, model, key);
            delete.executeUpdate();
        }
    }
}
