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
}
