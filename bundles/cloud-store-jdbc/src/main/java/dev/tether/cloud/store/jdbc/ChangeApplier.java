package dev.tether.cloud.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.schema.ConflictPolicy;

/**
 * Decides and writes one change inside the batch's transaction. A device's change is conditional on
 * its {@code base}: equal to the item's current version (or no item and no base), it is applied;
 * otherwise it is a concurrent write, settled by the model's conflict policy and recorded in the
 * conflict log in the same transaction. A write made in the cloud is not conditional.
 */
final class ChangeApplier {

    private final ItemTable items;
    private final ConflictTable conflicts;
    private final ConflictPolicies policies;
    private final DeviceWriteTable deviceWrites = new DeviceWriteTable();
    private final Clock clock;
    private final ProtocolCodec codec = new ProtocolCodec();

    ChangeApplier(ItemTable items, ConflictTable conflicts, ConflictPolicies policies, Clock clock) {
        this.items = items;
        this.conflicts = conflicts;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Applies a change that passed {@link ChangeLimits}.
     *
     * @param versions the transaction's source of new versions
     * @param conditional whether the change's base must match (a device's write) or not (a cloud write)
     */
    AckResult apply(Connection connection, VersionSequence.Block versions, String origin, String scope, Change change,
            boolean conditional) throws SQLException, ConcurrentWriteException {
        // Stored in canonical form so that "5-1" and "000000000000000005-00001" are the same write.
        String hlc = Hlc.parse(change.hlc()).toString();
        Optional<WriteStamp> current = items.findStamp(connection, scope, change.model(), change.key());
        if (current.isPresent() && isSameWrite(current.get(), origin, hlc)) {
            return conditional ? answeredBefore(connection, scope, change, hlc, current.get())
                    : AckResult.duplicate(change.model(), change.key(), current.get().version());
        }
        if (current.isPresent() && isSupersededWrite(current.get(), origin, hlc)) {
            // A late copy of an older write (e.g. redelivered after a crash) must not undo a newer one.
            return AckResult.duplicate(change.model(), change.key(), current.get().version());
        }
        if (conditional && current.isPresent()) {
            Optional<DeviceWriteTable.SettledWrite> settled = deviceWrites.last(connection, scope, change.model(),
                    change.key(), origin);
            if (settled.isPresent() && settled.get().hlc().compareTo(Hlc.parse(hlc)) >= 0) {
                return answeredBefore(connection, scope, change, settled.get(), hlc, current.get());
            }
            if (isConcurrentWrite(current.get(), origin, change)) {
                return settleConflict(connection, versions, origin, scope, change, hlc, current.get());
            }
        }
        long version = write(connection, versions, origin, scope, change, hlc, current);
        if (conditional) {
            deviceWrites.record(connection, scope, change.model(), change.key(), origin, hlc,
                    DeviceWriteTable.Outcome.APPLIED);
        }
        return AckResult.applied(change.model(), change.key(), version);
    }

    /**
     * A device's write that did not build on the current version. The loser is not written; the
     * winner, when it is the device's write, takes a new version like any write, so it goes down to
     * the devices through the change feed.
     */
    private AckResult settleConflict(Connection connection, VersionSequence.Block versions, String origin, String scope,
            Change change, String hlc, WriteStamp stored) throws SQLException, ConcurrentWriteException {
        ConflictPolicy policy = policies.of(change.model());
        CloudItem storedItem = items.find(connection, scope, change.model(), change.key()).orElseThrow();
        boolean deviceWins = ConflictDecision.deviceWins(policy, stored, origin, hlc);
        long version = deviceWins ? write(connection, versions, origin, scope, change, hlc, Optional.of(stored))
                : stored.version();
        deviceWrites.record(connection, scope, change.model(), change.key(), origin, hlc,
                deviceWins ? DeviceWriteTable.Outcome.WON_CONFLICT : DeviceWriteTable.Outcome.LOST_CONFLICT);
        conflicts.record(connection, clock.instant(), scope, change.model(), change.key(), origin, policy.schemaName(),
                deviceWins ? ConflictTable.DEVICE_WON : ConflictTable.CLOUD_WON,
                detail(storedItem, origin, change, hlc, version));
        Map<String, Object> winner = deviceWins ? deviceContent(change) : storedItem.item();
        return AckResult.conflict(change.model(), change.key(), version, winner,
                deviceWins ? origin : stored.origin(), deviceWins ? hlc : stored.hlc());
    }

    /** A copy of the device write the item's stamp still names: a duplicate, or the conflict it settled. */
    private AckResult answeredBefore(Connection connection, String scope, Change change, String hlc, WriteStamp current)
            throws SQLException {
        Optional<DeviceWriteTable.SettledWrite> settled = deviceWrites.last(connection, scope, change.model(),
                change.key(), current.origin());
        return settled.isPresent() ? answeredBefore(connection, scope, change, settled.get(), hlc, current)
                : AckResult.duplicate(change.model(), change.key(), current.version());
    }

    /**
     * A copy of a device write settled before (the device did not get the answer, or not yet). A write
     * that settled a conflict, won or lost, is answered with the conflict again, the item as it is now
     * being the winner, so that the device logs the conflict as the cloud did (once, the first time);
     * any other is a duplicate: it must neither count as a new concurrent write nor replace what was
     * written after it.
     */
    private AckResult answeredBefore(Connection connection, String scope, Change change,
            DeviceWriteTable.SettledWrite settled, String hlc, WriteStamp current) throws SQLException {
        if (settled.outcome().conflict() && settled.hlc().equals(Hlc.parse(hlc))) {
            CloudItem now = items.find(connection, scope, change.model(), change.key()).orElseThrow();
            return AckResult.conflict(change.model(), change.key(), current.version(), now.item(), current.origin(),
                    current.hlc());
        }
        return AckResult.duplicate(change.model(), change.key(), current.version());
    }

    private long write(Connection connection, VersionSequence.Block versions, String origin, String scope, Change change,
            String hlc, Optional<WriteStamp> current) throws SQLException, ConcurrentWriteException {
        long version = versions.next(connection);
        boolean delete = change.op() == Op.DELETE;
        WriteStamp stamp = new WriteStamp(version, origin, hlc, delete);
        if (current.isEmpty()) {
            items.insert(connection, scope, change.model(), change.key(), deviceContent(change), stamp);
        } else if (!items.update(connection, scope, change.model(), change.key(), deviceContent(change), stamp,
                current.get().version())) {
            throw new ConcurrentWriteException("item " + change.key() + " of model " + change.model()
                    + " was written by another transaction");
        }
        return version;
    }

    private static Map<String, Object> deviceContent(Change change) {
        return change.op() == Op.DELETE ? null : change.item();
    }

    /** Both versions of the item, as JSON: what the cloud held and what the device sent, and the version after. */
    private String detail(CloudItem stored, String origin, Change change, String hlc, long resolvedVersion) {
        Map<String, Object> cloudSide = new LinkedHashMap<>();
        cloudSide.put("version", stored.version());
        cloudSide.put("origin", stored.origin());
        cloudSide.put("hlc", stored.hlc());
        cloudSide.put("deleted", stored.deleted());
        if (stored.item() != null) {
            cloudSide.put("item", stored.item());
        }
        Map<String, Object> deviceSide = new LinkedHashMap<>();
        if (change.base() != null) {
            deviceSide.put("base", change.base());
        }
        deviceSide.put("origin", origin);
        deviceSide.put("hlc", hlc);
        deviceSide.put("deleted", change.op() == Op.DELETE);
        if (change.item() != null && change.op() != Op.DELETE) {
            deviceSide.put("item", change.item());
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cloud", cloudSide);
        detail.put("device", deviceSide);
        detail.put("version", resolvedVersion);
        return codec.itemToJson(detail);
    }

    /**
     * The change did not build on the current version, and that version is not the device's own
     * earlier write (a device that has not yet seen the ack of its previous write, e.g. after a
     * restart, sends a newer write on an older base: it follows its own write, it does not compete).
     */
    private static boolean isConcurrentWrite(WriteStamp stored, String origin, Change change) {
        return !Objects.equals(change.base(), stored.version()) && !stored.origin().equals(origin);
    }

    private static boolean isSupersededWrite(WriteStamp stored, String origin, String hlc) {
        return stored.origin().equals(origin) && Hlc.parse(stored.hlc()).compareTo(Hlc.parse(hlc)) > 0;
    }

    private static boolean isSameWrite(WriteStamp stored, String origin, String hlc) {
        return stored.origin().equals(origin) && stored.hlc().equals(hlc);
    }
}
