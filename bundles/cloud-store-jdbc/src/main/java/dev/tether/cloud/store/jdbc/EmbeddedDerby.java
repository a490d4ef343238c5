package dev.tether.cloud.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;

/** An embedded Derby database in a directory: created on first open, shut down cleanly on close. */
public final class EmbeddedDerby implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedDerby.class.getName());
    private static final String SHUTDOWN_DONE = "08006";

    private final Path directory;
    private final EmbeddedDataSource dataSource;

    private EmbeddedDerby(Path directory, EmbeddedDataSource dataSource) {
        this.directory = directory;
        this.dataSource = dataSource;
    }

    /** Opens the database in {@code directory}, creating it (and its parent directories) if missing. */
    public static EmbeddedDerby open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for the Derby database " + absolute, e);
        }
        EmbeddedDataSource creating = dataSource(absolute);
        creating.setCreateDatabase("create");
        try (Connection ignored = creating.getConnection()) {
            LOG.log(System.Logger.Level.DEBUG, "Derby database open at {0}", absolute);
        } catch (SQLException e) {
            throw new JdbcCloudStoreException("cannot open the Derby database at " + absolute + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
        // Later connections do not create: a database deleted under a running service is an error, not a fresh start.
        return new EmbeddedDerby(absolute, dataSource(absolute));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Path directory() {
        return directory;
    }

    /** Shuts the database down so that the next open needs no recovery. */
    @Override
    public void close() {
        EmbeddedDataSource shutdown = dataSource(directory);
        shutdown.setShutdownDatabase("shutdown");
        try (Connection ignored = shutdown.getConnection()) {
            LOG.log(System.Logger.Level.WARNING, "Derby did not confirm the shutdown of {0}", directory);
        } catch (SQLException e) {
            if (!SHUTDOWN_DONE.equals(e.getSQLState())) {
                LOG.log(System.Logger.Level.WARNING, "Derby shutdown of " + directory + " failed", e);
            }
        }
    }

    private static EmbeddedDataSource dataSource(Path directory) {
        EmbeddedDataSource source = new EmbeddedDataSource();
        source.setDatabaseName(directory.toString());
        return source;
    }
}
