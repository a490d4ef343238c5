package dev.tether.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link LocalStore#find} and {@link LocalStore#count} look for. Immutable; build it with the
 * {@code with…} style methods:
 *
 * <pre>{@code
 * Query.of("Reading").partition(Map.of("deviceId", "gw-1")).sortKeyBeginsWith("Reading#01H")
 *      .where(Filter.gt("value", 20)).limit(50).reversed()
 * Query.of("Fault").index("gs1").partition(Map.of("code", "E42"))     // by a schema index
 * Query.of("Fault").key(Map.of("deviceId", "gw-1", "id", id))          // by the full key
 * }</pre>
 *
 * Results are ordered by the index's hash then sort attribute (the primary index unless
 * {@link #index(String)} names another); items whose index attributes are missing are not in
 * a secondary index. Expired items ({@code ttl}) are never found.
 *
 * @param model the model
 * @param index the schema index ({@code primary} by default)
 * @param partition the index's hash attribute, or the fields of its {@code value} template; empty: all partitions
 * @param sortKey a test on the index's sort attribute ({@code EQ}, {@code BEGINS}, {@code BETWEEN}, {@code LT}…), or {@code null}
 * @param filters further tests on any fields, all of which must match
 * @param limit at most this many items per page
 * @param cursor the {@link Page#cursor() cursor} of the previous page, or {@code null} for the first
 * @param descending whether to return the greatest keys first
 */
public record Query(String model, String index, Map<String, Object> partition, Filter sortKey, List<Filter> filters,
        int limit, String cursor, boolean descending) {

    public static final int DEFAULT_LIMIT = 100;

    public Query {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(index, "index");
        partition = Map.copyOf(partition);
        filters = List.copyOf(filters);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
    }

    public static Query of(String model) {
        return new Query(model, "primary", Map.of(), null, List.of(), DEFAULT_LIMIT, null, false);
    }

    public Query index(String indexName) {
        return new Query(model, indexName, partition, sortKey, filters, limit, cursor, descending);
    }

    public Query partition(Map<String, Object> hashKeyOrFields) {
        return new Query(model, index, hashKeyOrFields, sortKey, filters, limit, cursor, descending);
    }

    /**
     * The item with this key (on the primary index): the key attributes themselves or the fields their
     * templates are made of. Computed by the store, since only it knows the templates.
     */
    public Query key(Map<String, Object> keyOrFields) {
        Map<String, Object> withMarker = new LinkedHashMap<>(keyOrFields);
        return new Query(model, "primary", withMarker, new Filter(FULL_KEY, Filter.Comparison.EQ, "", null), filters,
                limit, cursor, descending);
    }

    /** The sort attribute of the full key, set by {@link #key(Map)}; the store computes its value. */
    public static final String FULL_KEY = "(full key)";

    public Query sortKey(Filter test) {
        return new Query(model, index, partition, test, filters, limit, cursor, descending);
    }

    /** Begins-with on the index's sort attribute: the key prefix query. */
    public Query sortKeyBeginsWith(String prefix) {
        return sortKey(new Filter(SORT_KEY, Filter.Comparison.BEGINS, prefix, null));
    }

    /** Stands for the index's sort attribute in {@link #sortKey(Filter)} when the caller does not name it. */
    public static final String SORT_KEY = "(sort key)";

    public Query where(Filter filter) {
        List<Filter> more = new ArrayList<>(filters);
        more.add(filter);
        return new Query(model, index, partition, sortKey, more, limit, cursor, descending);
    }

    public Query limit(int maxItems) {
        return new Query(model, index, partition, sortKey, filters, maxItems, cursor, descending);
    }

    /** Continues after the page that returned this cursor. */
    public Query after(String pageCursor) {
        return new Query(model, index, partition, sortKey, filters, limit, pageCursor, descending);
    }

    /** Greatest keys first. */
    public Query reversed() {
        return new Query(model, index, partition, sortKey, filters, limit, cursor, true);
    }
}
