package dev.tether.cloudstore;

import java.time.Instant;

import dev.tether.protocol.ItemKey;

/**
 * One entry of the conflict log: a device change whose base was not the item's current version.
 *
 * @param id the entry's number, increasing
 * @param recordedAt when the conflict was settled
 * @param scope the item's scope
 * @param model the item's model
 * @param key the item's key
 * @param device the device whose change conflicted
 * @param policy the model's conflict policy that settled it
 * @param winner which side won: {@code cloud} or {@code device}
 * @param detail free text (e.g. both versions and HLCs)
 */
public record CloudConflict(long id, Instant recordedAt, String scope, String model, ItemKey key, String device,
        String policy, String winner, String detail) {
}
