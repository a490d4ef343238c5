package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.tether.schema.SchemaService;
import dev.tether.store.Condition;
import dev.tether.store.Inbound;
import dev.tether.store.LocalStore;
import dev.tether.store.Outbox;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.store.Registration;
import dev.tether.store.StoreListener;
import dev.tether.store.TransactionWork;
import dev.tether.store.Update;

/**
 * The local store service: opens the embedded database, installs the schema's tables and triggers,
 * and also registers the database's {@link DataSource} ({@code tether.datasource=local}) for
 * bundles that write with plain JDBC. A scheduled sweep removes expired items. Deactivation refuses
 * further operations, stops the sweep and shuts the database and the engine down.
 */
@Component(name = DerbyStoreComponent.PID, service = LocalStore.class)
@Designate(ocd = DerbyStoreConfiguration.class)
public class DerbyStoreComponent implements LocalStore {

    private static final Logger LOG = System.getLogger(DerbyStoreComponent.class.getName());

    static final String PID = "dev.tether.store.derby";
    static final String DATASOURCE_PROPERTY = "tether.datasource";
    static final String DATASOURCE_LOCAL = "local";

    private final DerbyDatabase database;
    private final DerbyLocalStore store;
    private final ServiceRegistration<DataSource> dataSourceRegistration;
    private final ScheduledExecutorService sweeper;

    @Activate
    public DerbyStoreComponent(@Reference SchemaService schemaService, DerbyStoreConfiguration configuration,
            BundleContext context) {
        Durability durability = Durability.fromConfiguration(configuration.durability());
        database = DerbyDatabase.open(Path.of(configuration.databasePath()), durability);
        try {
            store = new DerbyLocalStore(database.dataSource(), schemaService::current);
            store.sweepExpired();
        } catch (RuntimeException e) {
            closeDatabase();
            throw e;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DATASOURCE_PROPERTY, DATASOURCE_LOCAL);
        properties.put("tether.database.path", database.path().toString());
        dataSourceRegistration = context.registerService(DataSource.class, database.dataSource(), properties);
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "tether-store-ttl-sweep"));
        long interval = Math.max(1, configuration.ttlSweepIntervalSeconds());
        sweeper.scheduleWithFixedDelay(this::sweepExpired, interval, interval, TimeUnit.SECONDS);
    }

    private void sweepExpired() {
        try {
            store.sweepExpired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Removing expired items failed; next try in the next sweep: " + e.getMessage(), e);
        }
    }

    /** Refuses new operations, waits for a running sweep, then shuts the database down cleanly. */
    @Deactivate
    void deactivate() {
        store.close();
        sweeper.shutdown();
        try {
            if (!sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "The TTL sweep did not finish within 10 s; shutting the database down anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dataSourceRegistration.unregister();
        closeDatabase();
    }

    private void closeDatabase() {
        database.shutdown();
        DerbyDatabase.shutdownEngine();
    }

    @Override
    public Map<String, Object> put(String model, Map<String, Object> item) {
        return store.put(model, item);
    }

    @Override
    public Map<String, Object> create(String model, Map<String, Object> item) {
        return store.create(model, item);
    }

    @Override
    public Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        return store.get(model, key);
    }

    @Override
    public Map<String, Object> update(String model, Map<String, Object> key, Update update, Condition condition) {
        return store.update(model, key, update, condition);
    }

    @Override
    public Map<String, Object> upsert(String model, Map<String, Object> item) {
        return store.upsert(model, item);
    }

    @Override
    public boolean remove(String model, Map<String, Object> key, Condition condition) {
        return store.remove(model, key, condition);
    }

    @Override
    public boolean delete(String model, Map<String, Object> key) {
        return store.delete(model, key);
    }

    @Override
    public Page find(Query query) {
        return store.find(query);
    }

    @Override
    public long count(Query query) {
        return store.count(query);
    }

    @Override
    public <T> T transaction(TransactionWork<T> work) {
        return store.transaction(work);
    }

    @Override
    public Registration subscribe(String model, StoreListener listener) {
        return store.subscribe(model, listener);
    }

    @Override
    public Outbox outbox() {
        return store.outbox();
    }

    @Override
    public Inbound inbound() {
        return store.inbound();
    }
}
