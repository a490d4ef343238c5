package dev.tether.store;

import java.util.List;

/**
 * What {@link Inbound#apply} did with each change of a batch.
 *
 * @param applied written (or deleted) without being captured for sync up
 * @param pendingLocal left alone because the item has unacknowledged local work in the outbox; the
 *        cloud's answer to that work settles the item
 * @param stale left alone because the device already has a newer cloud version (one of the version the
 *        device claims is applied again)
 * @param rejected left alone because the change cannot be stored here, with the reason
 */
public record ApplyResult(List<ItemRef> applied, List<ItemRef> pendingLocal, List<ItemRef> stale,
        List<Rejection> rejected) {

    public ApplyResult {
        applied = List.copyOf(applied);
        pendingLocal = List.copyOf(pendingLocal);
        stale = List.copyOf(stale);
        rejected = List.copyOf(rejected);
    }

    /** A change that could not be applied, and why. */
    public record Rejection(ItemRef item, String reason) {
    }
}
