package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tether.schema.IndexDefinition;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;

/**
 * Migrates the database to a schema, in place: creates what the schema needs in the database and is missing: the {@code TETHER} schema, the outbox,
 * a table per device model (adding columns for new fields), secondary indexes, and the capture
 * triggers. Runs in one transaction, so writers never see tables without their triggers, and a
 * refused or failed migration leaves everything as it was (Derby's DDL is transactional). Existing
 * columns are never dropped, and tables of models no longer on the device are kept with their data.
 * A change the data cannot follow (a retyped column, other key attributes) is refused with
 * {@link IncompatibleSchemaException}.
 */
final class LayoutInstaller {

    private static final Logger LOG = System.getLogger(LayoutInstaller.class.getName());

    private static final String CREATE_OUTBOX = "CREATE TABLE " + Sql.OUTBOX + " ("
            + "SEQ BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT OUTBOX_PK PRIMARY KEY, "
            + "MODEL VARCHAR(128) NOT NULL, "
            + "PK VARCHAR(" + ColumnType.KEY_LENGTH + ") NOT NULL, "
            + "SK VARCHAR(" + ColumnType.KEY_LENGTH + "), "
            + "OP VARCHAR(8) NOT NULL, "
            + "HLC VARCHAR(64), "
            + "BASE BIGINT, "
            + "CAPTURED_AT TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)";
    private static final String CREATE_OUTBOX_INDEX =
            "CREATE INDEX " + Sql.SCHEMA + ".OUTBOX_ITEM ON " + Sql.OUTBOX + " (MODEL, PK, SK, SEQ)";
    /** Database property holding the fingerprint of the capture triggers' statements. */
    static final String TRIGGERS_PROPERTY = "tether.store.captureTriggers";
    private static final String FIND_CAPTURE_TRIGGERS = "SELECT T.TRIGGERNAME FROM SYS.SYSTRIGGERS T"
            + " JOIN SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = ? AND T.TRIGGERNAME LIKE ?";

    private final Transactions transactions;

    LayoutInstaller(Transactions transactions) {
        this.transactions = transactions;
    }

    StoreLayout install(Schema schema) {
        Map<String, ModelTable> tables = new LinkedHashMap<>();
        for (ModelDefinition model : schema.models()) {
            if (model.existsOnDevice()) {
                tables.put(model.name(), new ModelTable(model, schema.isoDates()));
            }
        }
        transactions.run("install tables for " + schema, connection -> {
            try (Statement statement = connection.createStatement()) {
                // The outbox identity hands out values in chunks; bigger chunks mean fewer updates of the
                // sequence row, which concurrent writers otherwise contend for (Derby's "too much contention").
                statement.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.language.sequence.preallocator', '1000')");
                // Derby looks for a deadlock only after a lock wait this long (default 20 s): writers whose
                // transactions both recompile a capture trigger's plan deadlock on the data dictionary now and
                // then, and the victim is retried; 2 s keeps that stall short.
                statement.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '2')");
                executeUnlessExists(statement, "CREATE SCHEMA " + Sql.SCHEMA, Sql.SCHEMA_EXISTS);
                executeUnlessExists(statement, CREATE_OUTBOX, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, CREATE_OUTBOX_INDEX, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, CaptureJournal.CREATE, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, SyncState.CREATE, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, DerbyDeadLetters.CREATE, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, DerbyConflictLog.CREATE, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, HeldChanges.CREATE, Sql.OBJECT_EXISTS);
                executeUnlessExists(statement, HeldChanges.CREATE_INDEX, Sql.OBJECT_EXISTS);
                for (ModelTable table : tables.values()) {
                    new CompatibilityCheck(connection, table).refuseIfIncompatible(schema);
                }
                for (ModelTable table : tables.values()) {
                    executeUnlessExists(statement, table.createTableSql(), Sql.OBJECT_EXISTS);
                    addMissingColumns(connection, statement, table);
                    createIndexes(statement, table);
                }
                replaceCaptureTriggers(connection, statement, tables);
            }
            return null;
        });
        LOG.log(Level.INFO, "Local store tables ready for {0}; changes captured for {1}", schema,
                tables.values().stream().filter(table -> table.model().syncsUp()).map(ModelTable::tableName).toList());
        return new StoreLayout(schema, tables);
    }

    private static void executeUnlessExists(Statement statement, String sql, String existsState) throws SQLException {
        try {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            if (!Sql.hasState(e, existsState)) {
                throw e;
            }
        }
    }

    private static void addMissingColumns(Connection connection, Statement statement, ModelTable table)
            throws SQLException {
        Set<String> existing = new HashSet<>();
        try (ResultSet columns = connection.getMetaData().getColumns(null, Sql.SCHEMA, table.tableName(), null)) {
            while (columns.next()) {
                existing.add(columns.getString("COLUMN_NAME"));
            }
        }
        for (ModelTable.Column column : table.columns()) {
            if (!existing.contains(column.name())) {
                LOG.log(Level.INFO, "Adding column {0} to {1}", column.name(), table.qualifiedName());
                statement.executeUpdate(table.addColumnSql(column));
            }
        }
    }

    private static void createIndexes(Statement statement, ModelTable table) throws SQLException {
        for (IndexDefinition index : table.model().secondaryIndexes()) {
            List<String> fields = new ArrayList<>(List.of(index.hash()));
            index.sortAttribute().ifPresent(fields::add);
            String columns = fields.stream().map(field -> Sql.quote(field.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.joining(", "));
            String name = Sql.quote(table.tableName() + "_" + index.name().toUpperCase(Locale.ROOT));
            executeUnlessExists(statement, "CREATE INDEX " + Sql.SCHEMA + "." + name + " ON " + table.qualifiedName()
                    + " (" + columns + ")", Sql.OBJECT_EXISTS);
        }
    }

    /**
     * Drops and creates the capture triggers unless the ones in place were made from the very same
     * statements (their fingerprint is kept as a database property): DDL at every start cost time, and
     * new triggers make Derby recompile the statements of the next writes.
     */
    private static void replaceCaptureTriggers(Connection connection, Statement statement,
            Map<String, ModelTable> tables) throws SQLException {
        List<String> wanted = new ArrayList<>();
        Set<String> wantedNames = new HashSet<>();
        for (ModelTable table : tables.values()) {
            if (table.model().syncsUp()) {
                wanted.addAll(CaptureTriggers.createSql(table));
                wantedNames.addAll(CaptureTriggers.names(table));
            }
        }
        String fingerprint = fingerprint(wanted);
        List<String> existing = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(FIND_CAPTURE_TRIGGERS)) {
            find.setString(1, Sql.SCHEMA);
            find.setString(2, CaptureTriggers.NAME_PREFIX + "%");
            try (ResultSet names = find.executeQuery()) {
                while (names.next()) {
                    existing.add(names.getString(1));
                }
            }
        }
        if (fingerprint.equals(databaseProperty(connection, TRIGGERS_PROPERTY)) && wantedNames.equals(Set.copyOf(existing))) {
            return;
        }
        for (String name : existing) {
            statement.executeUpdate("DROP TRIGGER " + Sql.SCHEMA + "." + Sql.quote(name));
        }
        for (String sql : wanted) {
            statement.executeUpdate(sql);
        }
        try (PreparedStatement set = connection.prepareStatement(
                "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
            set.setString(1, TRIGGERS_PROPERTY);
            set.setString(2, fingerprint);
            set.execute();
        }
    }

    private static String databaseProperty(Connection connection, String name) throws SQLException {
        try (PreparedStatement get = connection.prepareStatement("VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY(?)")) {
            get.setString(1, name);
            try (ResultSet row = get.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static String fingerprint(List<String> statements) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", statements).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
