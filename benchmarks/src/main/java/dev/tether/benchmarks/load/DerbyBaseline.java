package dev.tether.benchmarks.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * The disk's and Derby's own limit: plain JDBC batched inserts of rows shaped like the gateway's
 * items (partition key, sort key, ~200-byte JSON), durable (fsync on every commit), in a new
 * database on the same disk as the gateway's. No trigger, no outbox, no sync.
 */
final class DerbyBaseline {

    private final Path databaseDir;
    private final int itemBytes;

    DerbyBaseline(Path databaseDir, int itemBytes) {
        this.databaseDir = databaseDir;
        this.itemBytes = itemBytes;
    }

    /** Rows per second committed at {@code rowsPerCommit} rows per transaction during the given time. */
    double rowsPerSecond(int rowsPerCommit, double seconds) throws SQLException {
        String url = "jdbc:derby:" + databaseDir.toAbsolutePath() + ";create=true";
        String item = "{\"deviceId\":\"bench-1\",\"id\":\"0000000000000000-00000000\",\"payload\":\""
                + "x".repeat(Math.max(0, itemBytes - 68)) + "\"}";
        try (Connection connection = new EmbeddedDriver().connect(url, new java.util.Properties())) {
            connection.setAutoCommit(false);
            String table = "BASELINE_" + rowsPerCommit;
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (PK VARCHAR(1024) NOT NULL, SK VARCHAR(1024) NOT NULL,"
                        + " ITEM CLOB NOT NULL, PRIMARY KEY (PK, SK))");
                connection.commit();
            }
            long rows = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (PK, SK, ITEM) VALUES (?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int row = 0; row < rowsPerCommit; row++) {
                        insert.setString(1, "LoadUp#bench-1");
                        insert.setString(2, String.format("LoadUp#%016d-%08d", start, rows + row));
                        insert.setString(3, item);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    rows += rowsPerCommit;
                }
            }
            return rows * 1e9 / (System.nanoTime() - start);
        } finally {
            try {
                new EmbeddedDriver().connect("jdbc:derby:" + databaseDir.toAbsolutePath() + ";shutdown=true", new java.util.Properties());
            } catch (SQLException expected) {
                // 08006: the database shut down
            }
        }
    }
}
