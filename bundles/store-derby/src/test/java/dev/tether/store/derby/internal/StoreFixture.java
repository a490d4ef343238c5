package dev.tether.store.derby.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

import dev.tether.schema.Schema;

/** A real Derby database in a temporary folder with a store on the sample schema; shut down after the test. */
final class StoreFixture extends ExternalResource {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final String schemaJson;
    private Path databasePath;
    private volatile Schema schema;
    private DerbyDatabase database;
    private DerbyLocalStore store;
    private final AdjustableClock clock = new AdjustableClock();

    private StoreFixture(String schemaJson) {
        this.schemaJson = schemaJson;
    }

    static StoreFixture onSampleSchema() {
        try {
            return new StoreFixture(Files.readString(Path.of("../../config/schema.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static StoreFixture onSchema(String json) {
        return new StoreFixture(json);
    }

    @Override
    protected void before() throws Throwable {
        folder.create();
        databasePath = folder.getRoot().toPath().resolve("db");
        schema = Schema.parse(schemaJson);
        open();
    }

    @Override
    protected void after() {
        close();
        folder.delete();
    }

    /** Shuts the database down and opens a new store on the same path, as after a restart. */
    void reopen() {
        close();
        open();
    }

    private void open() {
        database = DerbyDatabase.open(databasePath, Durability.TEST);
        store = new DerbyLocalStore(database.dataSource(), () -> schema, clock);
    }

    private void close() {
        if (database != null) {
            database.shutdown();
            database = null;
        }
    }

    /** Makes the schema service hand out a new schema, as after a configuration change. */
    void changeSchema(String json) {
        schema = Schema.parse(json);
    }

    /** The store's clock; tests move it forward to let items expire. */
    AdjustableClock clock() {
        return clock;
    }

    DerbyLocalStore store() {
        return store;
    }

    DerbyDatabase database() {
        return database;
    }

    Schema schema() {
        return schema;
    }

    Connection connect() throws SQLException {
        return database.dataSource().getConnection();
    }

    /** Runs one statement with plain JDBC in autocommit, as an application or ij would. */
    int execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The first row of a query, by column label. */
    Map<String, Object> queryRow(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                return row;
            }
        }
    }

    static Map<String, Object> item(Object... keysAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            item.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return item;
    }
}
