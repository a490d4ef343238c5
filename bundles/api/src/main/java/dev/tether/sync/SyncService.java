package dev.tether.sync;

import org.osgi.annotation.versioning.ProviderType;

/** The replication engine as seen by operators and tools. */
@ProviderType
public interface SyncService {

    /** A snapshot of the engine's state. */
    SyncStatus status();

    /**
     * How many conflicts the device's conflict log holds: local changes the cloud found concurrent
     * with another write and settled by the model's policy.
     */
    default long conflictCount() {
        return 0;
    }

    /** Drains the outbox now instead of waiting for the next write or timer. */
    void syncNow();

    /**
     * Stops syncing in both directions until {@link #resume()}: nothing is sent, and changes the cloud
     * sends meanwhile are not applied (the next catch-up brings them). Local writes go on into the
     * outbox. Not kept across a restart of the engine.
     */
    void pause();

    /** Syncs again after {@link #pause()}: catches up with the cloud and drains the outbox. */
    void resume();

    /**
     * Asks the cloud for every live item of the device's scope and the shared scope again and applies
     * what differs; items of down-syncing models in those scopes that the cloud no longer has are
     * removed locally. Local work still waiting for its ack is kept and still goes up; the ack settles
     * it. The engine does the same by itself when its cursor is older than the cloud's tombstone
     * horizon.
     */
    void fullResync();

    /**
     * Puts every dead letter back into the outbox with the item's current content.
     *
     * @return how many dead letters were retried
     */
    int retryDeadLetters();
}
