package dev.tether.store.derby.internal;

import java.util.List;

import dev.tether.store.Filter;
import dev.tether.store.ValidationException;

/** Turns {@link Filter}s on a model's fields into SQL conditions on its table. */
final class FilterSql {

    private FilterSql() {
    }

    static SqlFragment all(ModelTable table, List<Filter> filters) {
        SqlFragment condition = new SqlFragment();
        for (Filter filter : filters) {
            condition.and(of(table, table.columnOf(filter.field()).orElseThrow(() -> new ValidationException(
                    table.model().name(), List.of("'" + filter.field() + "' is not a field of model "
                            + table.model().name() + " (in a filter)"))), filter));
        }
        return condition;
    }

    static SqlFragment of(ModelTable table, ModelTable.Column column, Filter filter) {
        String name = column.quoted();
        ColumnType type = column.type();
        if (type == ColumnType.JSON && filter.comparison() != Filter.Comparison.EXISTS
                && filter.comparison() != Filter.Comparison.NOT_EXISTS && filter.comparison() != Filter.Comparison.CONTAINS) {
            throw new ValidationException(table.model().name(), List.of("field '" + column.field()
                    + "' holds JSON: only exists, not exists and contains filters apply to it, not " + filter.comparison()));
        }
        Object value = filter.value();
        SqlFragment sql = new SqlFragment();
        return switch (filter.comparison()) {
            case EQ -> sql.append(name + " = ?", (s, i) -> type.bindOperand(s, i, value));
            case NE -> sql.append("(" + name + " <> ?", (s, i) -> type.bindOperand(s, i, value)).append(" OR " + name + " IS NULL)");
            case LT -> sql.append(name + " < ?", (s, i) -> type.bindOperand(s, i, value));
            case LE -> sql.append(name + " <= ?", (s, i) -> type.bindOperand(s, i, value));
            case GT -> sql.append(name + " > ?", (s, i) -> type.bindOperand(s, i, value));
            case GE -> sql.append(name + " >= ?", (s, i) -> type.bindOperand(s, i, value));
            case BETWEEN -> sql.append(name + " BETWEEN ?", (s, i) -> type.bindOperand(s, i, value))
                    .append(" AND ?", (s, i) -> type.bindOperand(s, i, filter.upper()));
            case BEGINS -> like(sql, name, escapeLike(String.valueOf(value)) + "%");
            case CONTAINS -> like(sql, name, "%" + escapeLike(String.valueOf(value)) + "%");
            case EXISTS -> sql.append(name + " IS NOT NULL");
            case NOT_EXISTS -> sql.append(name + " IS NULL");
        };
    }

    private static SqlFragment like(SqlFragment sql, String name, String pattern) {
        return sql.append(name + " LIKE ? ESCAPE '\\'", (s, i) -> s.setString(i, pattern));
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
