package dev.tether.store.derby.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;

import dev.tether.store.StoreException;

/**
 * One embedded Derby database, reached through {@link EmbeddedDataSource} (inside OSGi,
 * {@code DriverManager} cannot see a driver embedded in a bundle).
 */
final class DerbyDatabase {

    private static final Logger LOG = System.getLogger(DerbyDatabase.class.getName());

    private final Path path;
    private final EmbeddedDataSource dataSource;

    private DerbyDatabase(Path path, EmbeddedDataSource dataSource) {
        this.path = path;
        this.dataSource = dataSource;
    }

    /** Boots the database at {@code path}, creating it if it does not exist. */
    static DerbyDatabase open(Path path, Durability durability) {
        Path absolute = path.toAbsolutePath().normalize();
        if (durability == Durability.TEST) {
            // A system-wide Derby property, read when a database boots; set only when asked for.
            System.setProperty("derby.system.durability", "test");
        }
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the local database " + absolute + ": " + e, e);
        }
        EmbeddedDataSource creating = dataSource(absolute);
        creating.setCreateDatabase("create");
        try (Connection connection = creating.getConnection()) {
            LOG.log(Level.INFO, "Local database {0} open (Derby {1}, durability {2})", absolute,
                    connection.getMetaData().getDatabaseProductVersion(), durability);
        } catch (SQLException e) {
            throw new StoreException("cannot open the local database " + absolute + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
        return new DerbyDatabase(absolute, dataSource(absolute));
    }

    private static EmbeddedDataSource dataSource(Path absolute) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(absolute.toString());
        return dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Path path() {
        return path;
    }

    /** Shuts the database down cleanly (checkpoint, close files); Derby answers with SQLState 08006. */
    void shutdown() {
        EmbeddedDataSource shutdown = dataSource(path);
        shutdown.setShutdownDatabase("shutdown");
        expectShutdown(shutdown, Sql.DATABASE_SHUT_DOWN, "database " + path);
    }

    /**
     * Stops the Derby engine embedded in this bundle (its threads, its driver registration), so that
     * the bundle can be stopped or updated without leaking them. Derby answers with SQLState XJ015.
     */
    static void shutdownEngine() {
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName("");
        shutdown.setShutdownDatabase("shutdown");
        expectShutdown(shutdown, Sql.ENGINE_SHUT_DOWN, "Derby engine");
    }

    private static void expectShutdown(EmbeddedDataSource shutdown, String expectedState, String what) {
        try (Connection connection = shutdown.getConnection()) {
            LOG.log(Level.WARNING, "Shutting down the {0} returned a connection instead of SQLState {1}", what,
                    expectedState);
        } catch (SQLException e) {
            if (Sql.hasState(e, expectedState)) {
                LOG.log(Level.INFO, "Shut down the {0}", what);
            } else {
                LOG.log(Level.WARNING, "Shutting down the " + what + " failed: " + e.getMessage()
                        + " (SQLState " + e.getSQLState() + ")", e);
            }
        }
    }
}
