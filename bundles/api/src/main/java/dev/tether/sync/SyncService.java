package dev.tether.sync;

import org.osgi.annotation.versioning.ProviderType;

/** The replication engine as seen by operators and tools. */
@ProviderType
public interface SyncService {

    /** A snapshot of the engine's state. */
    SyncStatus status();

    /** Drains the outbox now instead of waiting for the next write or timer. */
    void syncNow();
}
