package dev.tether.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a {@link LocalStore#find find}.
 *
 * @param items the items, in index order
 * @param cursor where the next page starts ({@link Query#after(String)}), or {@code null} on the last page
 */
public record Page(List<Map<String, Object>> items, String cursor) {

    public Page {
        items = List.copyOf(items);
    }

    public Optional<String> next() {
        return Optional.ofNullable(cursor);
    }
}
