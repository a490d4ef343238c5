package dev.tether.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A partial change of an item: fields to set and fields to remove; the other fields keep their
 * values. Key attributes cannot be changed (write a new item instead). Immutable.
 *
 * <pre>{@code Update.set("status", "done").set("message", "ok").remove("args")}</pre>
 */
public record Update(Map<String, Object> set, Set<String> remove) {

    public Update {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        remove = Collections.unmodifiableSet(new LinkedHashSet<>(remove));
    }

    public static Update of(Map<String, Object> fields) {
        return new Update(fields, Set.of());
    }

    public static Update set(String field, Object value) {
        return new Update(Map.of(), Set.of()).andSet(field, value);
    }

    public static Update removing(String field) {
        return new Update(Map.of(), Set.of(field));
    }

    /** This update with one more field set ({@code null} removes it). */
    public Update andSet(String field, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(set);
        Set<String> removed = new LinkedHashSet<>(remove);
        if (value == null) {
            more.remove(field);
            removed.add(field);
        } else {
            more.put(field, value);
            removed.remove(field);
        }
        return new Update(more, removed);
    }

    /** This update with one more field removed. */
    public Update andRemove(String field) {
        return andSet(field, null);
    }
}
