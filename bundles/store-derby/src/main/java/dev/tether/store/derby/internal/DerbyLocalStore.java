package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.Schema;
import dev.tether.store.Condition;
import dev.tether.store.Inbound;
import dev.tether.store.ItemChange;
import dev.tether.store.LocalStore;
import dev.tether.store.Outbox;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.store.Registration;
import dev.tether.store.StoreListener;
import dev.tether.store.StoreUnavailableException;
import dev.tether.store.TransactionWork;
import dev.tether.store.Update;

/**
 * {@link LocalStore} on a Derby database. The tables follow the schema in force: when the schema
 * service hands out a new schema, the store migrates before the next operation, or, if the change is
 * incompatible, logs why and keeps working on the old layout. Thread-safe.
 */
final class DerbyLocalStore implements LocalStore {

    private static final Logger LOG = System.getLogger(DerbyLocalStore.class.getName());
    private static final int SWEEP_BATCH = 500;

    private final Supplier<Schema> schemas;
    private final Clock clock;
    private final Transactions transactions;
    private final LayoutInstaller installer;
    private final DerbyOutbox outbox;
    private final InboundApplier inbound;
    private final Listeners listeners = new Listeners();
    private final Object installLock = new Object();
    private volatile StoreLayout layout;
    private volatile Schema refusedSchema;
    private volatile String refusal;
    private volatile boolean closed;

    DerbyLocalStore(DataSource dataSource, Supplier<Schema> schemas, Clock clock) {
        this.schemas = schemas;
        this.clock = clock;
        this.transactions = new Transactions(dataSource);
        this.installer = new LayoutInstaller(transactions);
        this.layout = installer.install(schemas.get());
        this.outbox = new DerbyOutbox(transactions, this::layout, listeners::notify);
        this.inbound = new InboundApplier(transactions, this::layout, listeners::notify);
    }

    DerbyLocalStore(DataSource dataSource, Supplier<Schema> schemas) {
        this(dataSource, schemas, Clock.systemUTC());
    }

    StoreLayout layout() {
        if (closed) {
            throw new StoreUnavailableException("the local store is closed (its bundle stopped or it is being"
                    + " reconfigured); use the LocalStore service registered next");
        }
        Schema current = schemas.get();
        StoreLayout installed = layout;
        if (installed.schema() == current || refusedSchema == current) {
            return installed;
        }
        synchronized (installLock) {
            if (layout.schema() != current && refusedSchema != current) {
                try {
                    layout = installer.install(current);
                    refusal = null;
                } catch (IncompatibleSchemaException e) {
                    refusedSchema = current;
                    refusal = e.getMessage();
                    LOG.log(Level.ERROR, e.getMessage());
                }
            }
            return layout;
        }
    }

    /** Why the newest schema was refused, if it was; the layout of {@link #layout()} stays in force. */
    Optional<String> schemaRefusal() {
        layout();
        return Optional.ofNullable(refusal);
    }

    void close() {
        closed = true;
    }

    @Override
    public Map<String, Object> put(String model, Map<String, Object> item) {
        return upsert(model, item);
    }

    @Override
    public Map<String, Object> create(String model, Map<String, Object> item) {
        return write("create " + model, scope -> scope.create(model, item));
    }

    @Override
    public Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        StoreLayout current = layout();
        return transactions.run("get " + model, connection -> {
            try (TransactionScope scope = new TransactionScope(connection, current, clock.instant())) {
                return scope.get(model, key);
            }
        });
    }

    @Override
    public Map<String, Object> update(String model, Map<String, Object> key, Update update, Condition condition) {
        return write("update " + model, scope -> scope.update(model, key, update, condition));
    }

    @Override
    public Map<String, Object> upsert(String model, Map<String, Object> item) {
        return write("put " + model, scope -> scope.upsert(model, item));
    }

    @Override
    public boolean remove(String model, Map<String, Object> key, Condition condition) {
        return write("remove " + model, scope -> scope.remove(model, key, condition));
    }

    @Override
    public boolean delete(String model, Map<String, Object> key) {
        return remove(model, key, null);
    }

    @Override
    public Page find(Query query) {
        StoreLayout current = layout();
        FindQuery find = new FindQuery(TransactionScope.deviceTable(current, query.model()), query, clock.instant());
        return transactions.run("find " + query.model(), find::run);
    }

    @Override
    public long count(Query query) {
        StoreLayout current = layout();
        FindQuery find = new FindQuery(TransactionScope.deviceTable(current, query.model()), query, clock.instant());
        return transactions.run("count " + query.model(), find::count);
    }

    @Override
    public <T> T transaction(TransactionWork<T> work) {
        return write("transaction", work::run);
    }

    private <T> T write(String what, TransactionWork<T> work) {
        StoreLayout current = layout();
        List<ItemChange> committed = new ArrayList<>();
        T result = transactions.runJournaled(what, connection -> {
            try (TransactionScope scope = new TransactionScope(connection, current, clock.instant())) {
                T value = work.run(scope);
                scope.recordInJournal();
                committed.clear();
                committed.addAll(scope.changes());
                return value;
            }
        });
        listeners.notify(committed);
        return result;
    }

    @Override
    public Registration subscribe(String model, StoreListener listener) {
        return listeners.add(model, listener);
    }

    void moveCaptureJournal() {
        layout();
        CaptureJournal.expandAll(transactions);
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public Inbound inbound() {
        return inbound;
    }

    /**
     * Deletes expired items, at most a batch per model and transaction, as ordinary deletes (so they are
     * captured and replicate); returns how many.
     */
    int sweepExpired() {
        StoreLayout current = layout();
        int removed = 0;
        for (ModelTable table : current.tables().values()) {
            int swept;
            do {
                List<ItemChange> expired = new ArrayList<>();
                swept = transactions.run("remove expired " + table.model().name(), connection -> {
                    expired.clear();
                    var now = clock.instant();
                    Optional<SqlFragment> condition = table.expired(now);
                    if (condition.isEmpty()) {
                        return 0;
                    }
                    List<ItemKey> keys = new ArrayList<>();
                    String keyColumns = String.join(", ", table.keyColumns().stream().map(ModelTable.Column::quoted).toList());
                    try (PreparedStatement select = connection.prepareStatement("SELECT " + keyColumns + " FROM "
                            + table.qualifiedName() + " WHERE " + condition.get().sql() + " FETCH FIRST " + SWEEP_BATCH + " ROWS ONLY")) {
                        condition.get().bind(select, 1);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                keys.add(new ItemKey(rows.getString(1), table.hasSortKey() ? rows.getString(2) : null));
                            }
                        }
                    }
                    int count = 0;
                    for (ItemKey key : keys) {
                        try (PreparedStatement delete = connection.prepareStatement(table.deleteSql() + " AND "
                                + condition.get().sql())) {
                            condition.get().bind(delete, table.bindKey(delete, 1, key));
                            if (delete.executeUpdate() > 0) {
                                count++;
                                expired.add(new ItemChange(table.model().name(), key, ItemChange.Kind.EXPIRED, null, false));
                            }
                        }
                    }
                    return count;
                });
                listeners.notify(expired);
                removed += swept;
            } while (swept == SWEEP_BATCH);
        }
        if (removed > 0) {
            LOG.log(Level.DEBUG, "Removed {0} expired items", removed);
        }
        return removed;
    }
}
