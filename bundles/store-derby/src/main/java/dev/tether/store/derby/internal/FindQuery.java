package dev.tether.store.derby.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.FieldDefinition;
import dev.tether.schema.IndexDefinition;
import dev.tether.store.Filter;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.store.ValidationException;

/**
 * A {@link Query} as SQL on a model's table: the index's hash attribute as equality, a test on its
 * sort attribute, the filters, the TTL, and keyset paging over the index order (hash, sort, then the
 * primary key, so the order is total). The cursor is the last row's order values, as Base64 JSON.
 */
final class FindQuery {

    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final ModelTable table;
    private final Query query;
    private final List<ModelTable.Column> order = new ArrayList<>();
    private final SqlFragment where = new SqlFragment();

    FindQuery(ModelTable table, Query query, Instant now) {
        this.table = table;
        this.query = query;
        String model = table.model().name();
        String hash;
        String sort;
        if (IndexDefinition.PRIMARY.equals(query.index())) {
            hash = table.model().hashKey();
            sort = table.model().sortKey().orElse(null);
        } else {
            IndexDefinition index = table.model().secondaryIndexes().stream()
                    .filter(candidate -> candidate.name().equals(query.index())).findFirst()
                    .orElseThrow(() -> new ValidationException(model, List.of("model " + model + " has no index '"
                            + query.index() + "'; its indexes: primary" + table.model().secondaryIndexes().stream()
                                    .map(i -> ", " + i.name()).collect(Collectors.joining()))));
            hash = index.hash();
            sort = index.sort();
        }
        ModelTable.Column hashColumn = column(hash);
        ModelTable.Column sortColumn = sort == null ? null : column(sort);
        order.add(hashColumn);
        if (sortColumn != null) {
            order.add(sortColumn);
        }
        for (ModelTable.Column key : table.keyColumns()) {
            if (!order.contains(key)) {
                order.add(key);
            }
        }
        order.forEach(column -> where.and(new SqlFragment().append(column.quoted() + " IS NOT NULL")));
        Filter sortTest = query.sortKey();
        if (sortTest != null && Query.FULL_KEY.equals(sortTest.field())) {
            ItemKey key = table.model().keyOf(query.partition());
            where.and(FilterSql.of(table, hashColumn, Filter.eq(hash, key.pk())));
            if (sortColumn != null) {
                where.and(FilterSql.of(table, sortColumn, Filter.eq(sort, key.sk())));
            }
        } else {
            if (!query.partition().isEmpty()) {
                where.and(FilterSql.of(table, hashColumn, Filter.eq(hash, partitionValue(hash))));
            }
            if (sortTest != null) {
                if (sortColumn == null) {
                    throw new ValidationException(model, List.of("index " + query.index() + " of model " + model
                            + " has no sort attribute to test"));
                }
                where.and(FilterSql.of(table, sortColumn, new Filter(sort, sortTest.comparison(), sortTest.value(),
                        sortTest.upper())));
            }
        }
        where.and(FilterSql.all(table, query.filters()));
        where.and(table.notExpired(now));
    }

    private ModelTable.Column column(String field) {
        return table.columnOf(field).orElseThrow(() -> new ValidationException(table.model().name(),
                List.of("model " + table.model().name() + " has no field '" + field + "'")));
    }

    /** The hash attribute given directly, or rendered from its template's fields. */
    private Object partitionValue(String hash) {
        Map<String, Object> given = query.partition();
        if (given.containsKey(hash)) {
            return given.get(hash);
        }
        FieldDefinition field = table.model().field(hash).orElseThrow();
        Optional<String> template = field.valueTemplate();
        List<String> missing = field.templateFields().stream().filter(name -> given.get(name) == null).toList();
        if (template.isEmpty() || !missing.isEmpty()) {
            throw new ValidationException(table.model().name(), List.of("the partition needs '" + hash + "'"
                    + (template.isPresent() ? " or the fields of its template " + template.get() + " (missing " + missing + ")" : "")));
        }
        Matcher placeholder = PLACEHOLDER.matcher(template.get());
        StringBuilder rendered = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(rendered, Matcher.quoteReplacement(String.valueOf(given.get(placeholder.group(1)))));
        }
        placeholder.appendTail(rendered);
        return rendered.toString();
    }

    Page run(Connection connection) throws SQLException {
        SqlFragment condition = new SqlFragment().and(where);
        if (query.cursor() != null) {
            condition.and(after(decode(query.cursor())));
        }
        String direction = query.descending() ? " DESC" : " ASC";
        String sql = "SELECT " + table.selectColumns() + ", "
                + order.stream().map(ModelTable.Column::quoted).collect(Collectors.joining(", "))
                + " FROM " + table.qualifiedName() + (condition.isEmpty() ? "" : " WHERE " + condition.sql())
                + " ORDER BY " + order.stream().map(column -> column.quoted() + direction).collect(Collectors.joining(", "))
                + " FETCH FIRST " + (query.limit() + 1) + " ROWS ONLY";
        List<Map<String, Object>> items = new ArrayList<>();
        List<Object> last = null;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            condition.bind(select, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (items.size() == query.limit()) {
                        return new Page(items, encode(last));
                    }
                    items.add(table.readItem(rows));
                    last = new ArrayList<>();
                    int first = table.columns().size() + 2;
                    for (int i = 0; i < order.size(); i++) {
                        last.add(order.get(i).type().read(rows, first + i));
                    }
                }
            }
        }
        return new Page(items, null);
    }

    long count(Connection connection) throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + table.qualifiedName() + (where.isEmpty() ? "" : " WHERE " + where.sql());
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            where.bind(select, 1);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Rows after the cursor in the query's order: (a > x) OR (a = x AND b > y) OR … */
    private SqlFragment after(List<Object> values) {
        String greater = query.descending() ? " < ?" : " > ?";
        SqlFragment any = new SqlFragment();
        for (int i = 0; i < order.size(); i++) {
            if (i > 0) {
                any.append(" OR ");
            }
            any.append("(");
            for (int j = 0; j < i; j++) {
                ModelTable.Column column = order.get(j);
                Object value = values.get(j);
                any.append(column.quoted() + " = ? AND ", (s, index) -> column.type().bindOperand(s, index, value));
            }
            ModelTable.Column column = order.get(i);
            Object value = values.get(i);
            any.append(column.quoted() + greater, (s, index) -> column.type().bindOperand(s, index, value));
            any.append(")");
        }
        return any;
    }

    private static String encode(List<Object> values) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(GSON.toJson(values).getBytes(StandardCharsets.UTF_8));
    }

    private List<Object> decode(String cursor) {
        try {
            List<Object> values = GSON.fromJson(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8),
                    new TypeToken<List<Object>>() { }.getType());
            if (values != null && values.size() == order.size() && values.stream().allMatch(v -> v != null)) {
                return values;
            }
        } catch (IllegalArgumentException | JsonParseException e) {
            // reported below
        }
        throw new ValidationException(table.model().name(), List.of("the page cursor '" + cursor
                + "' does not belong to this query (pass back the cursor of the previous page unchanged)"));
    }
}
