package dev.tether.store;

import java.time.Instant;
import java.util.Map;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

/**
 * One entry of the device's conflict log: a local change the cloud found concurrent with another
 * write of the item, and how the cloud settled it.
 *
 * @param id the entry's number, increasing
 * @param recordedAt when the device learned of the settlement
 * @param model the item's model
 * @param key the item's key
 * @param op the local change's operation
 * @param local the local change's content, {@code null} for a delete
 * @param localHlc the HLC of the local change
 * @param base the cloud version the local change was based on, {@code null} if none
 * @param deviceWon whether the device's own write won
 * @param winner the item as it is after the settlement, {@code null} when the winner is a delete
 * @param version the item's cloud version after the settlement
 */
public record LocalConflict(long id, Instant recordedAt, String model, ItemKey key, Op op, Map<String, Object> local,
        String localHlc, Long base, boolean deviceWon, Map<String, Object> winner, long version) {
}
