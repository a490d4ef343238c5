package dev.tether.store.derby.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.stream.Collectors;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.FieldDefinition;
import dev.tether.schema.ModelDefinition;

/**
 * The SQL table of one model: {@code TETHER.<MODEL>} with a column per field (named after the field
 * in upper case), the key attributes as primary key, and the sync metadata columns. Builds the SQL
 * the store runs against it and maps rows to items. Immutable.
 */
final class ModelTable {

    static final String VERSION_COLUMN = "TETHER_VERSION";
    static final String HLC_COLUMN = "TETHER_HLC";
    static final String ORIGIN_COLUMN = "TETHER_ORIGIN";

    record Column(String field, String name, ColumnType type) {

        String quoted() {
            return Sql.quote(name);
        }
    }

    private final ModelDefinition model;
    private final String tableName;
    private final List<Column> columns;
    private final List<Column> keyColumns;
    private final Column createdColumn;
    private final Column ttlColumn;
    /** Statement texts built once: they are asked for on every row written or read. */
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    ModelTable(ModelDefinition model, boolean isoDates) {
        this.model = model;
        this.tableName = model.name().toUpperCase(Locale.ROOT);
        List<Column> all = new ArrayList<>();
        for (FieldDefinition field : model.fields()) {
            boolean key = model.keyAttributes().contains(field.name());
            all.add(new Column(field.name(), field.name().toUpperCase(Locale.ROOT), ColumnType.of(field, key, isoDates)));
        }
        this.columns = List.copyOf(all);
        this.keyColumns = model.keyAttributes().stream().map(this::column).toList();
        this.createdColumn = model.createdField().map(this::column).orElse(null);
        this.ttlColumn = model.fields().stream().filter(FieldDefinition::ttl).findFirst()
                .map(field -> column(field.name())).orElse(null);
    }

    Optional<Column> columnOf(String field) {
        return columns.stream().filter(column -> column.field().equals(field)).findFirst();
    }

    private Column column(String field) {
        return columns.stream().filter(column -> column.field().equals(field)).findFirst().orElseThrow();
    }

    ModelDefinition model() {
        return model;
    }

    String tableName() {
        return tableName;
    }

    String qualifiedName() {
        return Sql.SCHEMA + "." + Sql.quote(tableName);
    }

    List<Column> columns() {
        return columns;
    }

    /** The hash key column, then the sort key column if the model has one. */
    List<Column> keyColumns() {
        return keyColumns;
    }

    boolean hasSortKey() {
        return keyColumns.size() > 1;
    }

    // ---- DDL

    String createTableSql() {
        String columnDefinitions = columns.stream()
                .map(column -> column.quoted() + " " + column.type().sqlType() + (keyColumns.contains(column) ? " NOT NULL" : ""))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE " + qualifiedName() + " (" + columnDefinitions
                + ", " + VERSION_COLUMN + " BIGINT, " + HLC_COLUMN + " VARCHAR(64), " + ORIGIN_COLUMN + " VARCHAR(256)"
                + ", CONSTRAINT " + Sql.quote(tableName + "_PK") + " PRIMARY KEY (" + names(keyColumns) + "))";
    }

    String addColumnSql(Column column) {
        return "ALTER TABLE " + qualifiedName() + " ADD COLUMN " + column.quoted() + " " + column.type().sqlType();
    }

    // ---- DML; every statement names the key columns in key order

    String selectSql() {
        return statement("select", () -> "SELECT " + selectColumns() + " FROM " + qualifiedName() + " WHERE " + keyCondition());
    }

    private String statement(String name, Supplier<String> text) {
        return statements.computeIfAbsent(name, ignored -> text.get());
    }

    /** The columns {@link #readItem} and {@link #readVersion} read: the fields, then the cloud version. */
    String selectColumns() {
        return names(columns) + ", " + VERSION_COLUMN;
    }

    String existsSql() {
        return statement("exists", () -> "SELECT 1 FROM " + qualifiedName() + " WHERE " + keyCondition());
    }

    String insertSql() {
        return statement("insert", () -> "INSERT INTO " + qualifiedName() + " (" + names(columns) + ") VALUES ("
                + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Replaces the data columns of an existing row. The key columns are left out of SET (they are the
     * WHERE); the creation time is kept if the row has one.
     */
    String updateSql() {
        return statement("update", () -> updateSql(true));
    }

    private String updateSql(boolean keepCreated) {
        List<String> assignments = new ArrayList<>();
        for (Column column : updatedColumns()) {
            assignments.add(keepCreated && column == createdColumn
                    ? column.quoted() + " = COALESCE(" + column.quoted() + ", ?)"
                    : column.quoted() + " = ?");
        }
        if (assignments.isEmpty()) {
            // A model made of key attributes only: still a write, and still captured.
            keyColumns.forEach(column -> assignments.add(column.quoted() + " = " + column.quoted()));
        }
        return "UPDATE " + qualifiedName() + " SET " + String.join(", ", assignments) + " WHERE " + keyCondition();
    }

    /** Replaces every data column of an existing row, the creation time included (an apply from the cloud). */
    String replaceSql() {
        return statement("replace", () -> updateSql(false));
    }

    String selectCreatedSql() {
        return createdColumn == null ? null
                : "SELECT " + createdColumn.quoted() + " FROM " + qualifiedName() + " WHERE " + keyCondition();
    }

    String deleteSql() {
        return statement("delete", () -> "DELETE FROM " + qualifiedName() + " WHERE " + keyCondition());
    }

    /**
     * Takes the row's write lock without changing data: only a metadata column is assigned, which the
     * capture triggers do not watch.
     */
    String lockSql() {
        return statement("lock", () -> "UPDATE " + qualifiedName() + " SET " + VERSION_COLUMN + " = " + VERSION_COLUMN
                + " WHERE " + keyCondition());
    }

    /** Inserts the key alone (the other columns are nullable): a probe that is always rolled back. */
    String probeSql() {
        return statement("probe", () -> "INSERT INTO " + qualifiedName() + " (" + names(keyColumns) + ") VALUES ("
                + keyColumns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")");
    }

    /** Whether the row exists and matches a condition; the condition's placeholders follow the key's. */
    String matchesSql(SqlFragment condition) {
        return "SELECT 1 FROM " + qualifiedName() + " WHERE " + keyCondition()
                + (condition.isEmpty() ? "" : " AND " + condition.sql());
    }

    String setSyncMetadataSql() {
        return statement("setSyncMetadata", () -> "UPDATE " + qualifiedName() + " SET " + VERSION_COLUMN + " = ?, "
                + HLC_COLUMN + " = ?, " + ORIGIN_COLUMN + " = ? WHERE " + keyCondition());
    }

    /** Rows whose time to live has passed; empty if the model has no {@code ttl} field. */
    Optional<SqlFragment> expired(Instant now) {
        return ttlColumn == null ? Optional.empty() : Optional.of(new SqlFragment()
                .append(ttlColumn.quoted() + " <= ?", (statement, index) -> bindTtl(statement, index, now)));
    }

    /** Rows that have not expired (all rows if the model has no {@code ttl} field). */
    SqlFragment notExpired(Instant now) {
        return ttlColumn == null ? new SqlFragment() : new SqlFragment()
                .append("(" + ttlColumn.quoted() + " IS NULL OR " + ttlColumn.quoted() + " > ?)",
                        (statement, index) -> bindTtl(statement, index, now));
    }

    /** Dates compare in their stored form; a number field holds epoch seconds, as DynamoDB's TTL does. */
    private void bindTtl(PreparedStatement statement, int index, Instant now) throws SQLException {
        switch (ttlColumn.type()) {
            case ISO_DATE, TEXT, KEY_TEXT -> statement.setString(index, ColumnType.isoText(now));
            case EPOCH_DATE -> statement.setLong(index, now.toEpochMilli());
            case NUMBER -> statement.setDouble(index, now.getEpochSecond());
            default -> throw new IllegalStateException("ttl field " + ttlColumn.field() + " cannot hold a time");
        }
    }

    private List<Column> updatedColumns() {
        return columns.stream().filter(column -> !keyColumns.contains(column)).toList();
    }

    String keyCondition() {
        return keyColumns.stream().map(column -> column.quoted() + " = ?").collect(Collectors.joining(" AND "));
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::quoted).collect(Collectors.joining(", "));
    }

    // ---- binding and reading

    /** Binds the key to the key placeholders starting at {@code index}; returns the next free index. */
    int bindKey(PreparedStatement statement, int index, ItemKey key) throws SQLException {
        statement.setString(index++, key.pk());
        if (hasSortKey()) {
            statement.setString(index++, key.sk());
        }
        return index;
    }

    void bindInsert(PreparedStatement statement, Map<String, Object> item) throws SQLException {
        int index = 1;
        for (Column column : columns) {
            column.type().bind(statement, index++, item.get(column.field()));
        }
    }

    void bindUpdate(PreparedStatement statement, Map<String, Object> item, ItemKey key) throws SQLException {
        int index = 1;
        for (Column column : updatedColumns()) {
            column.type().bind(statement, index++, item.get(column.field()));
        }
        bindKey(statement, index, key);
    }

    /** The item of a row read with {@link #selectSql()}; absent (NULL) fields are left out. */
    Map<String, Object> readItem(ResultSet row) throws SQLException {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object value = columns.get(i).type().read(row, i + 1);
            if (value != null) {
                item.put(columns.get(i).field(), value);
            }
        }
        return item;
    }

    /** The cloud version of a row read with {@link #selectSql()}, {@code null} if never synced. */
    Long readVersion(ResultSet row) throws SQLException {
        long version = row.getLong(columns.size() + 1);
        return row.wasNull() ? null : version;
    }

    Object readCreated(ResultSet row) throws SQLException {
        return createdColumn.type().read(row, 1);
    }

    String createdField() {
        return createdColumn == null ? null : createdColumn.field();
    }
}
