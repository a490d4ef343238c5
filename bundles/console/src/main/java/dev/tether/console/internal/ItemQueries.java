package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/**
 * Listing and counting items of a model, which needs more than today's {@code LocalStore} (get by
 * full key only). {@link PendingItemQueries} answers "not available" until {@code LocalStore.find}
 * exists; wiring it is a new implementation of this interface.
 */
public interface ItemQueries {

    Feature<Long> count(String model);

    /**
     * A page of items in key order.
     *
     * @param keyFields exact values of key attributes or of the fields their templates are made of
     * @param sortKeyPrefix items whose sort key starts with this, or {@code null}
     * @param after the {@link Page#next()} of the previous page, or {@code null} for the first
     */
    Feature<Page> find(String model, Map<String, Object> keyFields, String sortKeyPrefix, String after, int limit);

    /** @param next where the following page starts, {@code null} on the last page */
    record Page(List<Map<String, Object>> items, String next) {
    }
}
