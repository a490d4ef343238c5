package dev.tether.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What the replication engine uses to bring cloud changes into the device database. */
@ProviderType
public interface Inbound {

    /**
     * Applies a batch of cloud changes in one transaction, together with the sync state updates that
     * belong to it (e.g. the down cursor), so that both commit or neither does. The applied writes are
     * not captured for sync up (no echo), but any later write of those items, by any writer, is. Each
     * applied item keeps the change's version, origin and HLC. A change of an item with unacknowledged
     * local work is not applied ({@link ApplyResult#pendingLocal()}) but held: the acknowledgement of
     * that work (or its settlement or dead letter) applies it then unless it is older than the
     * version acknowledged.
     *
     * @param syncState entries to set in the sync state in the same transaction ({@code null} value removes)
     */
    ApplyResult apply(List<CloudChange> changes, Map<String, String> syncState);

    /**
     * Settles a local change the cloud answered {@code conflict}, in one transaction: acknowledges it
     * (as {@link Outbox#acknowledge} does), makes the item the winner, and records the conflict in the
     * device's conflict log. When {@code cloudWinner} is given, it is applied as a cloud change without
     * echo; when it is {@code null} the device's own write won and keeps the acknowledged version. If
     * the item was written again after the change was read, that newer write stays pending (based on
     * the acknowledged version) and the winner is not applied over it.
     *
     * @param acknowledgement the conflicting change and the item's cloud version after the settlement
     * @param cloudWinner the winning write when it is not the device's own, with that version
     */
    void settleConflict(Acknowledgement acknowledgement, CloudChange cloudWinner);

    /** The device's conflict log, newest first, at most {@code max}. */
    List<LocalConflict> conflicts(int max);

    /** How many conflicts the device's conflict log holds. */
    long conflictCount();

    /** One entry of the durable sync state. */
    Optional<String> syncState(String name);

    /** The whole durable sync state. */
    Map<String, String> syncState();

    /** Sets entries of the sync state in one transaction ({@code null} value removes). */
    void updateSyncState(Map<String, String> entries);
}
