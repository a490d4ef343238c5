package dev.tether.cloudstore;

import java.util.Map;

import dev.tether.protocol.ItemKey;

/**
 * An item as the cloud keeps it.
 *
 * @param scope the owning device, or {@link CloudStore#SHARED_SCOPE}
 * @param model its model
 * @param key its key
 * @param item its content, {@code null} for a tombstone
 * @param version the cloud version of its last write
 * @param origin the device (or cloud application) that made the last write
 * @param hlc the HLC timestamp of the last write
 * @param deleted whether this is a tombstone
 */
public record CloudItem(String scope, String model, ItemKey key, Map<String, Object> item, long version,
        String origin, String hlc, boolean deleted) {
}
