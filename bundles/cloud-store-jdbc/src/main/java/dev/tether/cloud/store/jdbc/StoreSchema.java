package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, index and version sequence, created when missing. Column sizes are also the
 * limits {@link ChangeLimits} enforces before writing.
 */
final class StoreSchema {

    static final String ITEMS = "tether_items";
    static final String DEVICES = "tether_devices";
    static final String VERSIONS = "tether_versions";

    static final int MAX_SCOPE_LENGTH = 128;
    static final int MAX_MODEL_LENGTH = 128;
    static final int MAX_KEY_PART_LENGTH = 1024;
    static final int MAX_ORIGIN_LENGTH = 128;
    static final int MAX_HLC_LENGTH = 40;

    private final SqlDialect dialect;

    StoreSchema(SqlDialect dialect) {
        this.dialect = dialect;
    }

    void createIfMissing(Connection connection) throws SQLException {
        for (String statement : statements()) {
            try (Statement create = connection.createStatement()) {
                create.execute(statement);
            } catch (SQLException e) {
                if (!dialect.isAlreadyExists(e)) {
                    throw e;
                }
            }
        }
    }

    private List<String> statements() {
        return List.of(
                "CREATE TABLE " + ITEMS + " ("
                        + "scope VARCHAR(" + MAX_SCOPE_LENGTH + ") NOT NULL, "
                        + "model VARCHAR(" + MAX_MODEL_LENGTH + ") NOT NULL, "
                        + "pk VARCHAR(" + MAX_KEY_PART_LENGTH + ") NOT NULL, "
                        // '' stands for "no sort key": key columns cannot be NULL
                        + "sk VARCHAR(" + MAX_KEY_PART_LENGTH + ") NOT NULL, "
                        + "item " + dialect.longTextType() + ", "
                        + "version BIGINT NOT NULL, "
                        + "origin VARCHAR(" + MAX_ORIGIN_LENGTH + ") NOT NULL, "
                        + "hlc VARCHAR(" + MAX_HLC_LENGTH + ") NOT NULL, "
                        + "deleted BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (scope, model, pk, sk))",
                "CREATE INDEX " + ITEMS + "_by_version ON " + ITEMS + " (scope, version)",
                "CREATE TABLE " + DEVICES + " ("
                        + "device VARCHAR(" + MAX_ORIGIN_LENGTH + ") NOT NULL PRIMARY KEY, "
                        + "last_seen TIMESTAMP NOT NULL, "
                        + "batches BIGINT NOT NULL, "
                        + "changes_applied BIGINT NOT NULL)",
                dialect.createSequence(VERSIONS));
    }
}
