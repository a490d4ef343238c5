package dev.tether.protocol;

import java.util.Map;

/**
 * One item's state as the cloud sends it to devices: the whole item (or a tombstone) with the
 * cloud version of its last write.
 *
 * @param model the schema model of the item
 * @param key the item's primary key
 * @param op put or delete (a tombstone)
 * @param item the full item for a put, {@code null} for a delete
 * @param version the cloud version of this write; the device stores it as the item's {@code base}
 * @param origin who made the write (a device id, or the cloud application)
 * @param hlc the hybrid logical clock timestamp of the write
 */
public record DownChange(String model, ItemKey key, Op op, Map<String, Object> item, Long version, String origin,
        String hlc) {
}
