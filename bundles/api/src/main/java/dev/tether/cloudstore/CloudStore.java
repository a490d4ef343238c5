package dev.tether.cloudstore;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;
import dev.tether.protocol.ItemKey;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the cloud sync service keeps items. Each accepted write takes the next value of one
 * monotonically increasing version sequence, and versions become visible in increasing order: a
 * reader that sees version V has seen every committed version below V (no late-commit gap). Items
 * live in a <em>scope</em>: a device id for device-scoped items, {@link #SHARED_SCOPE} for items
 * shared by all devices.
 */
@ProviderType
public interface CloudStore {

    String SHARED_SCOPE = "*";

    /**
     * Applies a device's changes in one transaction and returns one result per change, in order.
     * A change already applied (same origin device and HLC) is reported as a duplicate and not
     * applied again; so is a change older (by HLC) than the item's last write from the same origin,
     * which it would otherwise overwrite. A change whose {@code base} is not the item's current
     * version (or that creates an item the cloud already holds), and whose current version another
     * writer made, is a conflict: settled by the model's
     * conflict policy, recorded in the {@link #conflicts(int) conflict log} in the same transaction, and
     * answered {@code conflict} with the winning item and the item's version after the settlement.
     * Records the device's activity.
     *
     * @param origin the device that made the changes
     * @param scope the scope the changes are written to
     */
    List<AckResult> apply(String origin, String scope, List<Change> changes);

    /**
     * Like {@link #apply} for a write made in the cloud (an application, the API): not conditional on
     * the base (the cloud's own write is the current version), and no device activity is recorded.
     */
    List<AckResult> applyFromCloud(String origin, String scope, List<Change> changes);

    /** An item, including a tombstone if it was deleted. */
    Optional<CloudItem> get(String scope, String model, ItemKey key);

    /** Live items of a model in a scope, by key, at most {@code limit}. */
    List<CloudItem> list(String scope, String model, int limit);

    /** Live items of a model in a scope with a key after {@code after} (null: from the start), by key. */
    List<CloudItem> list(String scope, String model, ItemKey after, int limit);

    /** Items and tombstones of the given scopes with a version above {@code afterVersion}, by version, at most {@code limit}. */
    List<CloudItem> changesSince(Collection<String> scopes, long afterVersion, int limit);

    /**
     * How many items and tombstones of the given scopes have a version above {@code afterVersion}
     * ({@code liveOnly}: items only), for estimating what a catch-up still has to send; -1 if the
     * store cannot tell.
     */
    default long countChangesSince(Collection<String> scopes, long afterVersion, boolean liveOnly) {
        return -1;
    }

    /**
     * The highest version committed so far, 0 if none or if the store cannot tell (a full resync then
     * sends every tombstone it holds, not only those of deletes made while it runs).
     */
    default long highestVersion() {
        return 0;
    }

    /**
     * The tombstone horizon's watermark: the highest version of a tombstone the store has purged, 0 if
     * none. A reader whose cursor is at or above it gets every delete since its cursor from
     * {@link #changesSince}; one below it may miss deletes and has to resync fully. A store that never
     * purges keeps 0.
     */
    default long tombstoneWatermark() {
        return 0;
    }

    /**
     * The watermark of one scope: the highest version of a purged tombstone of that scope, 0 if none.
     * A reader that has every change of the scope up to a cursor at or above it misses no delete of
     * the scope. A store that does not keep it per scope answers the overall {@link #tombstoneWatermark()}.
     */
    default long tombstoneWatermark(String scope) {
        return tombstoneWatermark();
    }

    /**
     * Forgets tombstones older than {@code horizon}, but never one the fan-out has not handed over,
     * and raises the {@link #tombstoneWatermark() watermark} past them. The store learns a change's
     * age from the time of the calls: each call notes the highest version at that moment, so a
     * tombstone is purged by the first call at least {@code horizon} after the call that first saw it
     * (call this periodically). Safe to call from several service instances at once.
     *
     * @return how many tombstones were purged; a store that keeps tombstones for ever purges none
     */
    default int purgeTombstones(Duration horizon) {
        return 0;
    }

    /**
     * Hands the committed changes after the fan-out's position, at most {@code limit}, to the sink,
     * one call per scope in version order, and advances the position once all calls returned. Only
     * one caller at a time fans out, across all service instances; if the sink throws, nothing
     * advances and the same changes are handed over again next time (at least once).
     *
     * @return how many changes were handed over
     */
    int fanOut(int limit, FanOutSink sink);

    /** The cursor last sent to each scope's stream by the fan-out (0 if none) and how many changes wait for it. */
    FanOutState fanOutState(String scope);

    /** The conflict log, newest first, at most {@code limit}. */
    List<CloudConflict> conflicts(int limit);
}
