package dev.tether.store;

import java.time.Instant;
import java.util.Map;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

/**
 * A change set aside because it cannot be synced (rejected by the cloud, too large), with the reason.
 *
 * @param id the dead letter's id, for {@link DeadLetters#retry} and {@link DeadLetters#discard}
 * @param model the item's model
 * @param key the item's key
 * @param op the change's operation
 * @param item the item's content when it was set aside ({@code null} for a delete)
 * @param hlc the HLC the change carried, if stamped
 * @param reason why it was set aside
 * @param at when it was set aside
 */
public record DeadLetter(long id, String model, ItemKey key, Op op, Map<String, Object> item, String hlc,
        String reason, Instant at) {
}
