package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;

/** The SQL of the items table. A missing sort key is stored as '' and read back as {@code null}. */
final class ItemTable {

    private static final String NO_SORT_KEY = "";
    private static final String KEY_MATCH = " WHERE scope = ? AND model = ? AND pk = ? AND sk = ?";

    private static final String SELECT_STAMP = "SELECT version, origin, hlc, deleted FROM " + StoreSchema.ITEMS + KEY_MATCH;
    private static final String SELECT_ITEM = "SELECT scope, model, pk, sk, item, version, origin, hlc, deleted FROM "
            + StoreSchema.ITEMS + KEY_MATCH;
    private static final String SELECT_LIVE = "SELECT scope, model, pk, sk, item, version, origin, hlc, deleted FROM "
            + StoreSchema.ITEMS + " WHERE scope = ? AND model = ? AND deleted = ? ORDER BY pk, sk FETCH FIRST ? ROWS ONLY";
    private static final String SELECT_LIVE_AFTER = "SELECT scope, model, pk, sk, item, version, origin, hlc, deleted FROM "
            + StoreSchema.ITEMS + " WHERE scope = ? AND model = ? AND deleted = ? AND (pk > ? OR (pk = ? AND sk > ?))"
            + " ORDER BY pk, sk FETCH FIRST ? ROWS ONLY";
    private static final String COLUMNS = "SELECT scope, model, pk, sk, item, version, origin, hlc, deleted FROM " + StoreSchema.ITEMS;
    private static final String INSERT = "INSERT INTO " + StoreSchema.ITEMS
            + " (scope, model, pk, sk, item, version, origin, hlc, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Matching on the version read before makes the update a compare-and-set: a concurrent writer
    // that got in between leaves zero rows updated, and the transaction is retried.
    private static final String UPDATE = "UPDATE " + StoreSchema.ITEMS
            + " SET item = ?, version = ?, origin = ?, hlc = ?, deleted = ?" + KEY_MATCH + " AND version = ?";

    private final ProtocolCodec codec;

    private final SqlDialect dialect;

    ItemTable(ProtocolCodec codec, SqlDialect dialect) {
        this.codec = codec;
        this.dialect = dialect;
    }

    Optional<WriteStamp> findStamp(Connection connection, String scope, String model, ItemKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_STAMP)) {
            bindKey(select, 1, scope, model, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WriteStamp(row.getLong(1), row.getString(2), row.getString(3), row.getBoolean(4)));
            }
        }
    }

    Optional<CloudItem> find(Connection connection, String scope, String model, ItemKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_ITEM)) {
            bindKey(select, 1, scope, model, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(toItem(row)) : Optional.empty();
            }
        }
    }

    List<CloudItem> listLive(Connection connection, String scope, String model, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_LIVE)) {
            select.setString(1, scope);
            select.setString(2, model);
            select.setBoolean(3, false);
            select.setInt(4, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<CloudItem> items = new ArrayList<>();
                while (rows.next()) {
                    items.add(toItem(rows));
                }
                return items;
            }
        }
    }

    List<CloudItem> listLiveAfter(Connection connection, String scope, String model, ItemKey after, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_LIVE_AFTER)) {
            select.setString(1, scope);
            select.setString(2, model);
            select.setBoolean(3, false);
            select.setString(4, after.pk());
            select.setString(5, after.pk());
            select.setString(6, after.sk() == null ? NO_SORT_KEY : after.sk());
            select.setInt(7, limit);
            return readAll(select);
        }
    }

    /**
     * Items and tombstones of the scopes above a version, by version. One query per scope, each read in
     * the order of the (scope, version) index, merged here: with {@code scope IN (...)} Derby sorted
     * everything above the version for every page, which made a long catch-up quadratic.
     */
    List<CloudItem> changesSince(Connection connection, List<String> scopes, long afterVersion, int limit) throws SQLException {
        List<CloudItem> merged = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(COLUMNS
                + " WHERE scope = ? AND version > ? ORDER BY version FETCH FIRST ? ROWS ONLY")) {
            for (String scope : new LinkedHashSet<>(scopes)) {
                select.setString(1, scope);
                select.setLong(2, afterVersion);
                select.setInt(3, limit);
                merged.addAll(readAll(select));
            }
        }
        merged.sort(Comparator.comparingLong(CloudItem::version));
        return merged.size() > limit ? new ArrayList<>(merged.subList(0, limit)) : merged;
    }

    /** Items and tombstones of every scope above a version, by version. */
    List<CloudItem> changesAfter(Connection connection, long afterVersion, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(COLUMNS
                + " WHERE version > ? ORDER BY version FETCH FIRST ? ROWS ONLY")) {
            select.setLong(1, afterVersion);
            select.setInt(2, limit);
            return readAll(select);
        }
    }

    /** How many items (and, unless {@code liveOnly}, tombstones) of the scopes have a version above {@code afterVersion}. */
    long countChangesSince(Connection connection, List<String> scopes, long afterVersion, boolean liveOnly)
            throws SQLException {
        String placeholders = String.join(", ", java.util.Collections.nCopies(scopes.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + StoreSchema.ITEMS
                + " WHERE scope IN (" + placeholders + ") AND version > ?" + (liveOnly ? " AND deleted = ?" : ""))) {
            int index = 1;
            for (String scope : scopes) {
                select.setString(index++, scope);
            }
            select.setLong(index++, afterVersion);
            if (liveOnly) {
                select.setBoolean(index, false);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    long countAfter(Connection connection, String scope, long afterVersion) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + StoreSchema.ITEMS
                + " WHERE scope = ? AND version > ?")) {
            select.setString(1, scope);
            select.setLong(2, afterVersion);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private List<CloudItem> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<CloudItem> items = new ArrayList<>();
            while (rows.next()) {
                items.add(toItem(rows));
            }
            return items;
        }
    }

    void insert(Connection connection, String scope, String model, ItemKey key, Map<String, Object> item,
            WriteStamp stamp) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int next = bindKey(insert, 1, scope, model, key);
            next = bindContent(insert, next, item, stamp);
            insert.executeUpdate();
        }
    }

    /** Overwrites the item if its version is still {@code expectedVersion}; false if someone else wrote it meanwhile. */
    boolean update(Connection connection, String scope, String model, ItemKey key, Map<String, Object> item,
            WriteStamp stamp, long expectedVersion) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            int next = bindContent(update, 1, item, stamp);
            next = bindKey(update, next, scope, model, key);
            update.setLong(next, expectedVersion);
            return update.executeUpdate() == 1;
        }
    }

    private int bindContent(PreparedStatement statement, int index, Map<String, Object> item, WriteStamp stamp)
            throws SQLException {
        if (item == null) {
            statement.setNull(index, dialect.longTextSqlType());
        } else {
            statement.setString(index, codec.itemToJson(item));
        }
        statement.setLong(index + 1, stamp.version());
        statement.setString(index + 2, stamp.origin());
        statement.setString(index + 3, stamp.hlc());
        statement.setBoolean(index + 4, stamp.deleted());
        return index + 5;
    }

    private static int bindKey(PreparedStatement statement, int index, String scope, String model, ItemKey key)
            throws SQLException {
        statement.setString(index, scope);
        statement.setString(index + 1, model);
        statement.setString(index + 2, key.pk());
        statement.setString(index + 3, key.sk() == null ? NO_SORT_KEY : key.sk());
        return index + 4;
    }

    private CloudItem toItem(ResultSet row) throws SQLException {
        String sk = row.getString("sk");
        ItemKey key = new ItemKey(row.getString("pk"), NO_SORT_KEY.equals(sk) ? null : sk);
        String json = row.getString("item");
        Map<String, Object> item = null;
        if (json != null) {
            try {
                item = codec.itemFromJson(json);
            } catch (ProtocolException e) {
                throw new SQLException("stored item " + key + " of model " + row.getString("model") + " is not valid JSON: "
                        + e.getMessage(), e);
            }
        }
        return new CloudItem(row.getString("scope"), row.getString("model"), key, item, row.getLong("version"),
                row.getString("origin"), row.getString("hlc"), row.getBoolean("deleted"));
    }
}
