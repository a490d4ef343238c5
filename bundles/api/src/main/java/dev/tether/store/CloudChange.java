package dev.tether.store;

import java.util.Map;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

/**
 * A change made in the cloud, for {@link Inbound#apply}.
 *
 * @param model the item's model
 * @param key the item's key
 * @param op put (the item's whole content) or delete
 * @param item the item for a put, stored as the cloud has it (not re-stamped); {@code null} for a delete
 * @param version the cloud version of this change
 * @param origin who wrote it (a device id or a cloud application)
 * @param hlc the HLC timestamp of the write
 */
public record CloudChange(String model, ItemKey key, Op op, Map<String, Object> item, long version, String origin,
        String hlc) {

    public ItemRef ref() {
        return new ItemRef(model, key);
    }
}
