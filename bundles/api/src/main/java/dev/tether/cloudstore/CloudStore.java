package dev.tether.cloudstore;

import java.util.List;
import java.util.Optional;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;
import dev.tether.protocol.ItemKey;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the cloud sync service keeps items. Each accepted write takes the next value of one
 * monotonically increasing version sequence. Items live in a <em>scope</em>: a device id for
 * device-scoped items, {@link #SHARED_SCOPE} for items shared by all devices.
 */
@ProviderType
public interface CloudStore {

    String SHARED_SCOPE = "*";

    /**
     * Applies a device's changes in one transaction and returns one result per change, in order.
     * A change already applied (same origin device and HLC) is reported as a duplicate and not
     * applied again.
     *
     * @param origin the device that made the changes
     * @param scope the scope the changes are written to
     */
    List<AckResult> apply(String origin, String scope, List<Change> changes);

    /** An item, including a tombstone if it was deleted. */
    Optional<CloudItem> get(String scope, String model, ItemKey key);

    /** Live items of a model in a scope, by key, at most {@code limit}. */
    List<CloudItem> list(String scope, String model, int limit);
}
