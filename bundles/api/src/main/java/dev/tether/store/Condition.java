package dev.tether.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for a conditional {@link ItemWriter#update update} or {@link ItemWriter#remove
 * remove} to go ahead: the item exists, every filter matches it, and, if given, its cloud version
 * (the version the device last saw from the cloud; {@code 0} = never synced) is the expected one.
 * Otherwise the write is refused with {@link ConditionFailedException}. Immutable.
 *
 * <pre>{@code Condition.where(Filter.eq("status", "pending")).andVersion(7)}</pre>
 */
public record Condition(List<Filter> filters, Long version) {

    /** Only that the item exists. */
    public static final Condition EXISTS = new Condition(List.of(), null);

    public Condition {
        filters = List.copyOf(filters);
    }

    public static Condition where(Filter... filters) {
        return new Condition(List.of(filters), null);
    }

    /** The item's cloud version must be this one ({@code 0}: the item was never acknowledged by the cloud). */
    public static Condition version(long expected) {
        return new Condition(List.of(), expected);
    }

    public Condition and(Filter filter) {
        List<Filter> more = new ArrayList<>(filters);
        more.add(filter);
        return new Condition(more, version);
    }

    public Condition andVersion(long expected) {
        return new Condition(filters, expected);
    }
}
