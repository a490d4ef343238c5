package dev.tether.store.derby.internal;

import java.nio.file.Path;
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
import dev.tether.store.LocalStore;
import dev.tether.store.Outbox;

/**
 * The local store service: opens the embedded database, installs the schema's tables and triggers,
 * and also registers the database's {@link DataSource} ({@code tether.datasource=local}) for
 * bundles that write with plain JDBC. Deactivation shuts the database and the engine down.
 */
@Component(name = DerbyStoreComponent.PID, service = LocalStore.class)
@Designate(ocd = DerbyStoreConfiguration.class)
public class DerbyStoreComponent implements LocalStore {

    static final String PID = "dev.tether.store.derby";
    static final String DATASOURCE_PROPERTY = "tether.datasource";
    static final String DATASOURCE_LOCAL = "local";

    private final DerbyDatabase database;
    private final DerbyLocalStore store;
    private final ServiceRegistration<DataSource> dataSourceRegistration;

    @Activate
    public DerbyStoreComponent(@Reference SchemaService schemaService, DerbyStoreConfiguration configuration,
            BundleContext context) {
        Durability durability = Durability.fromConfiguration(configuration.durability());
        database = DerbyDatabase.open(Path.of(configuration.databasePath()), durability);
        try {
            store = new DerbyLocalStore(database.dataSource(), schemaService::current);
        } catch (RuntimeException e) {
            closeDatabase();
            throw e;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DATASOURCE_PROPERTY, DATASOURCE_LOCAL);
        properties.put("tether.database.path", database.path().toString());
        dataSourceRegistration = context.registerService(DataSource.class, database.dataSource(), properties);
    }

    @Deactivate
    void deactivate() {
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
    public Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        return store.get(model, key);
    }

    @Override
    public boolean delete(String model, Map<String, Object> key) {
        return store.delete(model, key);
    }

    @Override
    public Outbox outbox() {
        return store.outbox();
    }
}
