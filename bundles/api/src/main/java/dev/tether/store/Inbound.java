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
     * applied item keeps the change's version, origin and HLC.
     *
     * @param syncState entries to set in the sync state in the same transaction ({@code null} value removes)
     */
    ApplyResult apply(List<CloudChange> changes, Map<String, String> syncState);

    /** One entry of the durable sync state. */
    Optional<String> syncState(String name);

    /** The whole durable sync state. */
    Map<String, String> syncState();

    /** Sets entries of the sync state in one transaction ({@code null} value removes). */
    void updateSyncState(Map<String, String> entries);
}
