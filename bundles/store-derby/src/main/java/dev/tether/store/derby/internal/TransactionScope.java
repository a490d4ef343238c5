package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.SyncDirection;
import dev.tether.store.Condition;
import dev.tether.store.ConditionFailedException;
import dev.tether.store.DuplicateKeyException;
import dev.tether.store.ItemChange;
import dev.tether.store.StoreException;
import dev.tether.store.Transaction;
import dev.tether.store.UnknownModelException;
import dev.tether.store.Update;
import dev.tether.store.ValidationException;
import dev.tether.schema.ModelDefinition;

/**
 * The item operations on one open transaction's connection. Records each change for the listeners,
 * who hear of them after the commit, and each item it creates or updates in a model that syncs up
 * for the {@link CaptureJournal} (deletes are captured by the trigger). Each SQL statement is
 * prepared once per transaction and reused for every item it writes. Not thread-safe: one
 * transaction, one thread.
 */
final class TransactionScope implements Transaction, AutoCloseable {

    private static final int UPSERT_ATTEMPTS = 3;

    private final PreparedStatements statements;
    private final StoreLayout layout;
    private final Instant now;
    private final List<ItemChange> changes = new ArrayList<>();
    private final Set<CaptureJournal.Entry> journal = new LinkedHashSet<>();

    TransactionScope(Connection connection, StoreLayout layout, Instant now) {
        this.statements = new PreparedStatements(connection);
        this.layout = layout;
        this.now = now;
    }

    /** Closes the statements the transaction's operations prepared (each once, then reused). */
    @Override
    public void close() throws SQLException {
        statements.close();
    }

    List<ItemChange> changes() {
        return changes;
    }

    /** Records the items created or updated in models that sync up in the capture journal: the last statement. */
    void recordInJournal() throws SQLException {
        CaptureJournal.record(statements, journal);
    }

    private void written(ModelTable table, ItemChange change) {
        changes.add(change);
        if (table.model().syncsUp()) {
            journal.add(new CaptureJournal.Entry(change.model(), change.key()));
        }
    }

    @Override
    public Map<String, Object> create(String model, Map<String, Object> item) {
        ModelTable table = writableTable(layout, model);
        Map<String, Object> prepared = table.model().prepare(item, now);
        ItemKey key = keyOf(table, prepared);
        return sql(() -> {
            try {
                PreparedStatement insert = statements.get(table.insertSql());
                table.bindInsert(insert, prepared);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.hasState(e, Sql.DUPLICATE_KEY)) {
                    throw e;
                }
                if (!deleteIfExpired(table, key)) {
                    throw new DuplicateKeyException(model + " " + key + " exists already; use update or upsert to change it");
                }
                return create(model, item);
            }
            written(table, new ItemChange(model, key, ItemChange.Kind.CREATED, prepared, false));
            return prepared;
        });
    }

    @Override
    public Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        ModelTable table = deviceTable(layout, model);
        ItemKey itemKey = table.model().keyOf(key);
        return sql(() -> read(table, itemKey));
    }

    @Override
    public Map<String, Object> update(String model, Map<String, Object> key, Update update, Condition condition) {
        ModelTable table = writableTable(layout, model);
        ItemKey itemKey = table.model().keyOf(key);
        for (String field : table.model().keyAttributes()) {
            if (update.set().containsKey(field) || update.remove().contains(field)) {
                throw new ValidationException(model, List.of("key attribute '" + field
                        + "' cannot be updated; create an item with the new key and remove the old one"));
            }
        }
        return sql(() -> {
            lockAndCheck(table, itemKey, condition == null ? Condition.EXISTS : condition);
            Map<String, Object> merged = new LinkedHashMap<>(read(table, itemKey).orElseThrow());
            merged.putAll(update.set());
            update.remove().forEach(merged::remove);
            Map<String, Object> prepared = table.model().prepare(merged, now);
            if (!table.model().keyOf(prepared).equals(itemKey)) {
                throw new ValidationException(model, List.of("the update changes fields the key is made of ("
                        + table.model().keyAttributes() + " would become " + table.model().keyOf(prepared)
                        + "); create an item with the new key and remove the old one"));
            }
            PreparedStatement statement = statements.get(table.updateSql());
            table.bindUpdate(statement, prepared, itemKey);
            statement.executeUpdate();
            written(table, new ItemChange(model, itemKey, ItemChange.Kind.UPDATED, prepared, false));
            return prepared;
        });
    }

    @Override
    public Map<String, Object> upsert(String model, Map<String, Object> item) {
        ModelTable table = writableTable(layout, model);
        Map<String, Object> prepared = table.model().prepare(item, now);
        ItemKey key = keyOf(table, prepared);
        return sql(() -> {
            for (int attempt = 1;; attempt++) {
                // Look before writing: an UPDATE that misses still pays for the capture triggers' set-up.
                if (rowExists(table, key)) {
                    PreparedStatement update = statements.get(table.updateSql());
                    table.bindUpdate(update, prepared, key);
                    if (update.executeUpdate() > 0) {
                        Map<String, Object> stored = withStoredCreationTime(table, key, prepared);
                        written(table, new ItemChange(model, key, ItemChange.Kind.UPDATED, stored, false));
                        return stored;
                    }
                }
                try {
                    PreparedStatement insert = statements.get(table.insertSql());
                    table.bindInsert(insert, prepared);
                    insert.executeUpdate();
                    written(table, new ItemChange(model, key, ItemChange.Kind.CREATED, prepared, false));
                    return prepared;
                } catch (SQLException e) {
                    if (!Sql.hasState(e, Sql.DUPLICATE_KEY) || attempt == UPSERT_ATTEMPTS) {
                        throw e;
                    }
                    // Another writer inserted this key and committed meanwhile: replace its row instead.
                }
            }
        });
    }

    @Override
    public boolean remove(String model, Map<String, Object> key, Condition condition) {
        ModelTable table = writableTable(layout, model);
        ItemKey itemKey = table.model().keyOf(key);
        return sql(() -> {
            if (condition != null) {
                lockAndCheck(table, itemKey, condition);
            }
            PreparedStatement delete = statements.get(table.deleteSql());
            table.bindKey(delete, 1, itemKey);
            if (delete.executeUpdate() == 0) {
                return false;
            }
            changes.add(new ItemChange(model, itemKey, ItemChange.Kind.REMOVED, null, false));
            return true;
        });
    }

    private void lockAndCheck(ModelTable table, ItemKey key, Condition condition) throws SQLException {
        String model = table.model().name();
        PreparedStatement lock = statements.get(table.lockSql());
        table.bindKey(lock, 1, key);
        if (lock.executeUpdate() == 0) {
            throw new ConditionFailedException(model + " " + key + " does not exist");
        }
        SqlFragment test = FilterSql.all(table, condition.filters()).and(table.notExpired(now));
        if (condition.version() != null) {
            long expected = condition.version();
            test.and(new SqlFragment().append("COALESCE(" + ModelTable.VERSION_COLUMN + ", 0) = ?",
                    (statement, index) -> statement.setLong(index, expected)));
        }
        PreparedStatement match = statements.get(table.matchesSql(test));
        test.bind(match, table.bindKey(match, 1, key));
        try (ResultSet row = match.executeQuery()) {
            if (!row.next()) {
                throw new ConditionFailedException("the condition on " + model + " " + key + " does not hold: "
                        + describe(condition) + " (or the item has expired)");
            }
        }
    }

    private static String describe(Condition condition) {
        List<String> parts = new ArrayList<>();
        condition.filters().forEach(filter -> parts.add(filter.field() + " " + filter.comparison()
                + (filter.value() == null ? "" : " " + filter.value()) + (filter.upper() == null ? "" : " and " + filter.upper())));
        if (condition.version() != null) {
            parts.add("cloud version " + condition.version());
        }
        return parts.isEmpty() ? "the item exists" : String.join(", ", parts);
    }

    Optional<Map<String, Object>> read(ModelTable table, ItemKey key) throws SQLException {
        SqlFragment live = table.notExpired(now);
        String sql = table.selectSql() + (live.isEmpty() ? "" : " AND " + live.sql());
        PreparedStatement select = statements.get(sql);
        live.bind(select, table.bindKey(select, 1, key));
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(table.readItem(row)) : Optional.empty();
        }
    }

    private boolean rowExists(ModelTable table, ItemKey key) throws SQLException {
        PreparedStatement select = statements.get(table.existsSql());
        table.bindKey(select, 1, key);
        try (ResultSet row = select.executeQuery()) {
            return row.next();
        }
    }

    /** An expired row that the sweep has not removed yet does not block a create; it is removed (and captured). */
    private boolean deleteIfExpired(ModelTable table, ItemKey key) throws SQLException {
        Optional<SqlFragment> expired = table.expired(now);
        if (expired.isEmpty()) {
            return false;
        }
        PreparedStatement delete = statements.get(table.deleteSql() + " AND " + expired.get().sql());
        expired.get().bind(delete, table.bindKey(delete, 1, key));
        return delete.executeUpdate() > 0;
    }

    private Map<String, Object> withStoredCreationTime(ModelTable table, ItemKey key, Map<String, Object> item)
            throws SQLException {
        if (table.createdField() == null) {
            return item;
        }
        PreparedStatement select = statements.get(table.selectCreatedSql());
        table.bindKey(select, 1, key);
        try (ResultSet row = select.executeQuery()) {
            Map<String, Object> stored = new LinkedHashMap<>(item);
            if (row.next()) {
                stored.put(table.createdField(), table.readCreated(row));
            }
            return stored;
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** SQL errors leave as unchecked exceptions; {@link Transactions} turns them back into SQLExceptions for retry. */
    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    static ModelTable deviceTable(StoreLayout layout, String model) {
        ModelDefinition definition = layout.schema().model(model)
                .orElseThrow(() -> new UnknownModelException("model '" + model + "' is not in the schema ("
                        + layout.schema() + ")"));
        return layout.table(model).orElseThrow(() -> new UnknownModelException("model '" + model
                + "' exists only in the cloud (control.enable: " + definition.enable().schemaName()
                + "); it has no table on the device"));
    }

    static ModelTable writableTable(StoreLayout layout, String model) {
        ModelTable table = deviceTable(layout, model);
        if (table.model().sync() == SyncDirection.DOWN) {
            throw new StoreException("model '" + model + "' syncs down only (control.sync: down): its items are written"
                    + " by the cloud, and a local write would silently diverge from it");
        }
        return table;
    }

    private static ItemKey keyOf(ModelTable table, Map<String, Object> prepared) {
        ItemKey key = table.model().keyOf(prepared);
        for (String part : new String[] {key.pk(), key.sk()}) {
            if (part != null && part.length() > ColumnType.KEY_LENGTH) {
                throw new ValidationException(table.model().name(), List.of("key '" + part.substring(0, 40)
                        + "…' is longer than " + ColumnType.KEY_LENGTH + " characters"));
            }
        }
        return key;
    }
}
