package dev.tether.cloud.store;

import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.tether.cloud.config.CloudConfig;
import dev.tether.cloud.store.jdbc.ConflictPolicies;
import dev.tether.cloud.store.jdbc.DerbyDialect;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.cloud.store.jdbc.SqlDialect;

/**
 * The database behind the cloud store: embedded Derby under {@code <data.dir>/db} by default, or
 * the external database of {@code store.url} (PostgreSQL) through a HikariCP connection pool —
 * without a pool every batch would open a new database connection.
 */
public final class CloudDatabase implements AutoCloseable {

    private final JdbcCloudStore store;
    private final AutoCloseable resource;
    private final String description;

    private CloudDatabase(JdbcCloudStore store, AutoCloseable resource, String description) {
        this.store = store;
        this.resource = resource;
        this.description = description;
    }

    /** @param policies how each model's conflicts are settled */
    public static CloudDatabase open(CloudConfig config, ConflictPolicies policies) {
        if (config.storeUrl().isEmpty()) {
            EmbeddedDerby derby = EmbeddedDerby.open(config.dataDir().resolve("db"));
            try {
                return new CloudDatabase(new JdbcCloudStore(derby.dataSource(), new DerbyDialect(), Clock.systemUTC(), policies), derby, "embedded Derby at " + derby.directory());
            } catch (RuntimeException e) {
                derby.close();
                throw e;
            }
        }
        String url = config.storeUrl().get();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        config.storeUsername().ifPresent(pool::setUsername);
        config.storePassword().ifPresent(pool::setPassword);
        pool.setMaximumPoolSize(config.storePoolSize());
        pool.setPoolName("tether-cloud-store");
        pool.setAutoCommit(true);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the store at " + url + ": " + e.getMessage(), e);
        }
        try {
            return new CloudDatabase(new JdbcCloudStore(dataSource, SqlDialect.forUrl(url), Clock.systemUTC(), policies), dataSource, url);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public JdbcCloudStore store() {
        return store;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
