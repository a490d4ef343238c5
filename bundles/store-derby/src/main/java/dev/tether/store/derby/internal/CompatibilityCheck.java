package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.tether.schema.Schema;

/**
 * Compares a model's existing table with what a new schema wants: the primary key must be made of
 * the same key attributes, and every existing column must keep its SQL type.
 */
final class CompatibilityCheck {

    private final Connection connection;
    private final ModelTable table;

    CompatibilityCheck(Connection connection, ModelTable table) {
        this.connection = connection;
        this.table = table;
    }

    void refuseIfIncompatible(Schema schema) throws SQLException {
        Map<String, String> existingTypes = new HashMap<>();
        try (ResultSet columns = connection.getMetaData().getColumns(null, Sql.SCHEMA, table.tableName(), null)) {
            while (columns.next()) {
                existingTypes.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME").toUpperCase(Locale.ROOT));
            }
        }
        if (existingTypes.isEmpty()) {
            return; // a new table
        }
        List<String> problems = new ArrayList<>();
        Map<Short, String> primaryKey = new TreeMap<>();
        try (ResultSet keys = connection.getMetaData().getPrimaryKeys(null, Sql.SCHEMA, table.tableName())) {
            while (keys.next()) {
                primaryKey.put(keys.getShort("KEY_SEQ"), keys.getString("COLUMN_NAME"));
            }
        }
        List<String> wanted = table.keyColumns().stream().map(ModelTable.Column::name).toList();
        if (!new ArrayList<>(primaryKey.values()).equals(wanted)) {
            problems.add("model " + table.model().name() + " would change its key attributes from "
                    + primaryKey.values() + " to " + wanted);
        }
        for (ModelTable.Column column : table.columns()) {
            String existing = existingTypes.get(column.name());
            String type = column.type().sqlType().replaceAll("\\(.*", "");
            if (existing != null && !existing.equals(type)) {
                problems.add("field " + table.model().name() + "." + column.field() + " would change its type from "
                        + existing + " to " + type + " (" + column.type().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(schema.toString(), problems);
        }
    }
}
