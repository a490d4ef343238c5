package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and indexes, created when missing. Column sizes are also the limits
 * {@link ChangeLimits} enforces before writing.
 */
final class StoreSchema {

    static final String ITEMS = "tether_items";
    static final String DEVICES = "tether_devices";
    static final String VERSION_COUNTER = "tether_version_counter";
    static final String FAN_OUT = "tether_fan_out";
    static final String CONFLICTS = "tether_conflicts";
    static final String HORIZON = "tether_tombstone_horizon";
    static final String HORIZON_MARKS = "tether_tombstone_marks";
    static final String SCOPE_WATERMARKS = "tether_tombstone_watermarks";
    static final String DEVICE_WRITES = "tether_device_writes";

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
        createCounterRowIfMissing(connection);
        TombstoneHorizon.createRowIfMissing(connection, dialect);
    }

    /** Starts after the highest version already stored, so that a database from before the counter keeps its order. */
    private void createCounterRowIfMissing(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + VERSION_COUNTER);
                ResultSet row = select.executeQuery()) {
            row.next();
            if (row.getLong(1) > 0) {
                return;
            }
        }
        try (Statement insert = connection.createStatement()) {
            insert.executeUpdate("INSERT INTO " + VERSION_COUNTER + " (id, last_version) SELECT 1, COALESCE(MAX(version), 0) FROM "
                    + ITEMS);
        } catch (SQLException e) {
            if (!dialect.isRetryable(e)) { // another instance inserted it first
                throw e;
            }
        }
    }

    private List<String> statements() {
        String key = dialect.keyTextType(MAX_KEY_PART_LENGTH);
        return List.of(
                "CREATE TABLE " + ITEMS + " ("
                        + "scope " + dialect.keyTextType(MAX_SCOPE_LENGTH) + " NOT NULL, "
                        + "model " + dialect.keyTextType(MAX_MODEL_LENGTH) + " NOT NULL, "
                        + "pk " + key + " NOT NULL, "
                        // '' stands for "no sort key": key columns cannot be NULL
                        + "sk " + key + " NOT NULL, "
                        + "item " + dialect.longTextType() + ", "
                        + "version BIGINT NOT NULL, "
                        + "origin VARCHAR(" + MAX_ORIGIN_LENGTH + ") NOT NULL, "
                        + "hlc VARCHAR(" + MAX_HLC_LENGTH + ") NOT NULL, "
                        + "deleted BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (scope, model, pk, sk))",
                "CREATE INDEX " + ITEMS + "_by_version ON " + ITEMS + " (scope, version)",
                "CREATE INDEX " + ITEMS + "_by_global_version ON " + ITEMS + " (version)",
                "CREATE TABLE " + DEVICES + " ("
                        + "device VARCHAR(" + MAX_ORIGIN_LENGTH + ") NOT NULL PRIMARY KEY, "
                        + "last_seen TIMESTAMP NOT NULL, "
                        + "batches BIGINT NOT NULL, "
                        + "changes_applied BIGINT NOT NULL)",
                "CREATE TABLE " + VERSION_COUNTER + " (id INT NOT NULL PRIMARY KEY, last_version BIGINT NOT NULL)",
                // stream '' is the fan-out's global position; each scope's row is the cursor last sent to it
                "CREATE TABLE " + FAN_OUT + " (stream VARCHAR(" + MAX_SCOPE_LENGTH + ") NOT NULL PRIMARY KEY, "
                        + "sent_version BIGINT NOT NULL)",
                "CREATE TABLE " + DEVICE_WRITES + " ("
                        + "scope " + dialect.keyTextType(MAX_SCOPE_LENGTH) + " NOT NULL, "
                        + "model " + dialect.keyTextType(MAX_MODEL_LENGTH) + " NOT NULL, "
                        + "pk " + key + " NOT NULL, "
                        + "sk " + key + " NOT NULL, "
                        + "origin " + dialect.keyTextType(MAX_ORIGIN_LENGTH) + " NOT NULL, "
                        + "hlc VARCHAR(" + MAX_HLC_LENGTH + ") NOT NULL, "
                        + "lost BOOLEAN NOT NULL, "
                        + "won BOOLEAN DEFAULT FALSE NOT NULL, "
                        + "PRIMARY KEY (scope, model, pk, sk, origin))",
                // databases made before the column existed
                "ALTER TABLE " + DEVICE_WRITES + " ADD COLUMN won BOOLEAN DEFAULT FALSE NOT NULL",
                "CREATE TABLE " + CONFLICTS + " ("
                        + "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "recorded_at TIMESTAMP NOT NULL, "
                        + "scope VARCHAR(" + MAX_SCOPE_LENGTH + ") NOT NULL, "
                        + "model VARCHAR(" + MAX_MODEL_LENGTH + ") NOT NULL, "
                        + "pk VARCHAR(" + MAX_KEY_PART_LENGTH + ") NOT NULL, "
                        + "sk VARCHAR(" + MAX_KEY_PART_LENGTH + ") NOT NULL, "
                        + "device VARCHAR(" + MAX_ORIGIN_LENGTH + ") NOT NULL, "
                        + "policy VARCHAR(32) NOT NULL, "
                        + "winner VARCHAR(16) NOT NULL, "
                        + "detail " + dialect.longTextType() + ")",
                // the highest version of a purged tombstone: catch-up from below it is incomplete
                "CREATE TABLE " + HORIZON + " (id INT NOT NULL PRIMARY KEY, watermark BIGINT NOT NULL)",
                // the highest version at each purge, so that a later purge knows how old a version is
                "CREATE TABLE " + HORIZON_MARKS + " (noted_at TIMESTAMP NOT NULL, version BIGINT NOT NULL)",
                "CREATE INDEX " + HORIZON_MARKS + "_by_time ON " + HORIZON_MARKS + " (noted_at)",
                // per scope, the highest version of a purged tombstone
                "CREATE TABLE " + SCOPE_WATERMARKS + " (scope " + dialect.keyTextType(MAX_SCOPE_LENGTH)
                        + " NOT NULL PRIMARY KEY, watermark BIGINT NOT NULL)");
    }
}
