package dev.tether.store.derby.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL triggers that capture every committed write to a model's table into the outbox, in the
 * writer's transaction, whoever the writer is — except the engine's applies of cloud changes, made
 * as user {@value #UNCAPTURED_USER}, which must not echo, and the store's own inserts and updates,
 * made as user {@value #JOURNALED_USER}, which it captures in the {@link CaptureJournal}. Updates of
 * the sync metadata columns alone are not captured: the update trigger lists the data columns only.
 * Each captured row also records the row's cloud version as {@code BASE}.
 */
final class CaptureTriggers {

    /** Every capture trigger's name starts with this, so that all of them can be found and replaced. */
    static final String NAME_PREFIX = "CAPTURE_";

    /**
     * The Derby user of the connections that apply cloud changes. A trigger whose WHEN is false costs
     * a fraction of one that inserts the outbox row the apply would then delete again.
     */
    static final String UNCAPTURED_USER = "TETHER_SYNC";
    /** The Derby user of the store's write transactions, whose puts the journal captures, not the triggers. */
    static final String JOURNALED_USER = "TETHER_STORE";
    private static final String CAPTURED = "SESSION_USER <> '" + UNCAPTURED_USER + "'";
    private static final String NOT_JOURNALED = "SESSION_USER NOT IN ('" + UNCAPTURED_USER + "', '" + JOURNALED_USER + "')";

    private CaptureTriggers() {
    }

    static List<String> createSql(ModelTable table) {
        return List.of(
                trigger(table, "INSERT", "AFTER INSERT", "REFERENCING NEW AS N", "WHEN (" + NOT_JOURNALED + ") ",
                        capture(table, "N", "PUT")),
                trigger(table, "UPDATE", "AFTER UPDATE OF " + columnList(table.columns()), "REFERENCING NEW AS N",
                        "WHEN (" + NOT_JOURNALED + ") ", capture(table, "N", "PUT")),
                // A plain-SQL UPDATE that changes the key moves the item: the old key is gone.
                trigger(table, "REKEY", "AFTER UPDATE OF " + columnList(table.keyColumns()),
                        "REFERENCING OLD AS O NEW AS N", "WHEN (" + CAPTURED + " AND (" + keyChanged(table) + ")) ",
                        capture(table, "O", "DELETE")),
                trigger(table, "DELETE", "AFTER DELETE", "REFERENCING OLD AS O", "WHEN (" + CAPTURED + ") ",
                        capture(table, "O", "DELETE")));
    }

    /** The names of the triggers {@link #createSql} makes for the table. */
    static List<String> names(ModelTable table) {
        return List.of("INSERT", "UPDATE", "REKEY", "DELETE").stream().map(event -> name(table, event)).toList();
    }

    private static String name(ModelTable table, String event) {
        return NAME_PREFIX + table.tableName() + "_" + event;
    }

    private static String trigger(ModelTable table, String event, String timing, String referencing, String when,
            String action) {
        return "CREATE TRIGGER " + Sql.SCHEMA + "." + Sql.quote(name(table, event)) + " "
                + timing + " ON " + table.qualifiedName() + " " + referencing + " FOR EACH ROW " + when + action;
    }

    /** Inserts the outbox row for the key of the trigger's {@code row} (N or O). */
    private static String capture(ModelTable table, String row, String op) {
        String outboxColumns = table.hasSortKey() ? "MODEL, PK, SK, OP, BASE" : "MODEL, PK, OP, BASE";
        String key = table.keyColumns().stream().map(column -> row + "." + column.quoted())
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + Sql.OUTBOX + " (" + outboxColumns + ") VALUES ('" + table.model().name() + "', " + key
                + ", '" + op + "', " + row + "." + ModelTable.VERSION_COLUMN + ")";
    }

    private static String keyChanged(ModelTable table) {
        return table.keyColumns().stream().map(column -> "O." + column.quoted() + " <> N." + column.quoted())
                .collect(Collectors.joining(" OR "));
    }

    private static String columnList(List<ModelTable.Column> columns) {
        return columns.stream().map(ModelTable.Column::quoted).collect(Collectors.joining(", "));
    }
}
