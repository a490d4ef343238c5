package dev.tether.store;

import java.util.Map;

import dev.tether.protocol.ItemKey;

/**
 * A committed change of one item, as {@link StoreListener listeners} see it.
 *
 * @param model the item's model
 * @param key the item's key
 * @param kind what happened
 * @param item the item as stored now, {@code null} when removed
 * @param fromCloud whether the replication engine applied it from the cloud (else a local write)
 */
public record ItemChange(String model, ItemKey key, Kind kind, Map<String, Object> item, boolean fromCloud) {

    public enum Kind {
        CREATED, UPDATED, REMOVED,
        /** Removed by the TTL sweep because its time to live passed. */
        EXPIRED
    }
}
