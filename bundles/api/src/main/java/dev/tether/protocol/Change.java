package dev.tether.protocol;

import java.util.Map;

/**
 * One item's change as it travels between device and cloud. The whole item is sent, never a field.
 *
 * @param model the schema model of the item
 * @param key the item's primary key
 * @param op put or delete
 * @param item the full item for a put, {@code null} for a delete
 * @param base the cloud version the writer last saw for this item, {@code null} if it never saw one
 * @param hlc the hybrid logical clock timestamp of the write (see {@link Hlc})
 */
public record Change(String model, ItemKey key, Op op, Map<String, Object> item, Long base, String hlc) {
}
