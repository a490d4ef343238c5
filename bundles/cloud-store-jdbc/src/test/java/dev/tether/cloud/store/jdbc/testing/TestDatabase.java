package dev.tether.cloud.store.jdbc.testing;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.tether.cloud.store.jdbc.DerbyDialect;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.PostgresDialect;
import dev.tether.cloud.store.jdbc.SqlDialect;

/** One fresh database for one test: embedded Derby in a directory, or a new database on a {@link PostgresServer}. */
public interface TestDatabase extends AutoCloseable {

    DataSource dataSource();

    SqlDialect dialect();

    /** Closes and reopens the database (Derby: a real shutdown; PostgreSQL: nothing to do). */
    void restart();

    @Override
    void close();

    static TestDatabase derby(Path directory) {
        return new TestDatabase() {
            private EmbeddedDerby derby = EmbeddedDerby.open(directory);

            @Override
            public DataSource dataSource() {
                return derby.dataSource();
            }

            @Override
            public SqlDialect dialect() {
                return new DerbyDialect();
            }

            @Override
            public void restart() {
                derby.close();
                derby = EmbeddedDerby.open(directory);
            }

            @Override
            public void close() {
                derby.close();
            }

            @Override
            public String toString() {
                return "Derby";
            }
        };
    }

    static TestDatabase postgres(PostgresServer server) {
        DataSource dataSource = server.dataSource(server.createDatabase());
        return new TestDatabase() {
            @Override
            public DataSource dataSource() {
                return dataSource;
            }

            @Override
            public SqlDialect dialect() {
                return new PostgresDialect();
            }

            @Override
            public void restart() {
                // every connection is new: nothing is cached in between
            }

            @Override
            public void close() {
                // the server and its databases go away with the server
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        };
    }
}
