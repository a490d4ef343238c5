package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;
import dev.tether.schema.SyncDirection;
import dev.tether.store.LocalStore;
import dev.tether.store.Outbox;
import dev.tether.store.StoreException;
import dev.tether.store.UnknownModelException;
import dev.tether.store.ValidationException;

/**
 * {@link LocalStore} on a Derby database. The tables follow the schema in force: when the schema
 * service hands out a new schema, the missing tables, columns and triggers are installed before the
 * next operation. Thread-safe.
 */
final class DerbyLocalStore implements LocalStore {

    private static final int UPSERT_ATTEMPTS = 3;

    private final Supplier<Schema> schemas;
    private final Transactions transactions;
    private final LayoutInstaller installer;
    private final DerbyOutbox outbox;
    private final Object installLock = new Object();
    private volatile StoreLayout layout;

    DerbyLocalStore(DataSource dataSource, Supplier<Schema> schemas) {
        this.schemas = schemas;
        this.transactions = new Transactions(dataSource);
        this.installer = new LayoutInstaller(transactions);
        this.layout = installer.install(schemas.get());
        this.outbox = new DerbyOutbox(transactions, this::layout);
    }

    StoreLayout layout() {
        Schema current = schemas.get();
        StoreLayout installed = layout;
        if (installed.schema() == current) {
            return installed;
        }
        synchronized (installLock) {
            if (layout.schema() != current) {
                layout = installer.install(current);
            }
            return layout;
        }
    }

    @Override
    public Map<String, Object> put(String model, Map<String, Object> item) {
        ModelTable table = writableTable(model);
        Map<String, Object> prepared = table.model().prepare(item);
        ItemKey key = table.model().keyOf(prepared);
        checkKeyLength(table.model(), key);
        return transactions.run("put " + model + " " + key, connection -> upsert(connection, table, key, prepared));
    }

    @Override
    public Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        ModelTable table = deviceTable(model);
        ItemKey itemKey = table.model().keyOf(key);
        return transactions.run("get " + model + " " + itemKey, connection -> read(connection, table, itemKey));
    }

    @Override
    public boolean delete(String model, Map<String, Object> key) {
        ModelTable table = writableTable(model);
        ItemKey itemKey = table.model().keyOf(key);
        return transactions.run("delete " + model + " " + itemKey, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(table.deleteSql())) {
                table.bindKey(delete, 1, itemKey);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    static Optional<Map<String, Object>> read(Connection connection, ModelTable table, ItemKey key)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(table.selectSql())) {
            table.bindKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(table.readItem(row)) : Optional.empty();
            }
        }
    }

    /** Replaces the row if it exists, else inserts it; a concurrent insert of the same key turns into a replace. */
    private static Map<String, Object> upsert(Connection connection, ModelTable table, ItemKey key,
            Map<String, Object> item) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (PreparedStatement update = connection.prepareStatement(table.updateSql())) {
                table.bindUpdate(update, item, key);
                if (update.executeUpdate() > 0) {
                    return withStoredCreationTime(connection, table, key, item);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(table.insertSql())) {
                table.bindInsert(insert, item);
                insert.executeUpdate();
                return item;
            } catch (SQLException e) {
                if (!Sql.hasState(e, Sql.DUPLICATE_KEY) || attempt == UPSERT_ATTEMPTS) {
                    throw e;
                }
                // Another writer inserted this key and committed meanwhile: replace its row instead.
            }
        }
    }

    private static Map<String, Object> withStoredCreationTime(Connection connection, ModelTable table, ItemKey key,
            Map<String, Object> item) throws SQLException {
        if (table.createdField() == null) {
            return item;
        }
        try (PreparedStatement select = connection.prepareStatement(table.selectCreatedSql())) {
            table.bindKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                Map<String, Object> stored = new LinkedHashMap<>(item);
                if (row.next()) {
                    stored.put(table.createdField(), table.readCreated(row));
                }
                return stored;
            }
        }
    }

    private ModelTable deviceTable(String model) {
        StoreLayout current = layout();
        ModelDefinition definition = current.schema().model(model)
                .orElseThrow(() -> new UnknownModelException("model '" + model + "' is not in the schema ("
                        + current.schema() + ")"));
        return current.table(model).orElseThrow(() -> new UnknownModelException("model '" + model
                + "' exists only in the cloud (control.enable: " + definition.enable().schemaName()
                + "); it has no table on the device"));
    }

    private ModelTable writableTable(String model) {
        ModelTable table = deviceTable(model);
        if (table.model().sync() == SyncDirection.DOWN) {
            throw new StoreException("model '" + model + "' syncs down only (control.sync: down): its items are written"
                    + " by the cloud, and a local write would silently diverge from it");
        }
        return table;
    }

    private static void checkKeyLength(ModelDefinition model, ItemKey key) {
        for (String part : new String[] {key.pk(), key.sk()}) {
            if (part != null && part.length() > ColumnType.KEY_LENGTH) {
                throw new ValidationException(model.name(), List.of("key '" + part.substring(0, 40)
                        + "…' is longer than " + ColumnType.KEY_LENGTH + " characters"));
            }
        }
    }
}
