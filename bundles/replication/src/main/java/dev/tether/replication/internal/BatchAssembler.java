package dev.tether.replication.internal;

import java.util.ArrayList;
import java.util.List;

import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.store.PendingChange;

/**
 * Packs pending changes, oldest first, into one batch message no larger than the byte bound given
 * for that batch (the configured bound, or less when the broker accepts less).
 * Changes that do not fit wait for the next batch; a change that cannot fit even alone is set
 * aside so that it does not block the ones behind it.
 */
final class BatchAssembler {

    /** The batch to send and the changes that can never be sent within the bound. */
    record Assembly(String batchId, List<PendingChange> changes, byte[] payload, List<PendingChange> oversized) {
    }

    private final ProtocolCodec codec;

    BatchAssembler(ProtocolCodec codec) {
        this.codec = codec;
    }

    Assembly assemble(String batchId, List<PendingChange> pending, int maxBytes) {
        int envelope = codec.encode(new ChangeBatch(batchId, List.of())).length;
        int size = envelope;
        List<PendingChange> chosen = new ArrayList<>();
        List<Change> wire = new ArrayList<>();
        List<PendingChange> oversized = new ArrayList<>();
        for (PendingChange change : pending) {
            Change onWire = toWire(change);
            int changeSize = codec.encode(new ChangeBatch(batchId, List.of(onWire))).length - envelope + 1;
            if (envelope + changeSize > maxBytes) {
                oversized.add(change);
                continue;
            }
            if (size + changeSize > maxBytes) {
                break;
            }
            size += changeSize;
            chosen.add(change);
            wire.add(onWire);
        }
        byte[] payload = chosen.isEmpty() ? null : codec.encode(new ChangeBatch(batchId, wire));
        return new Assembly(batchId, chosen, payload, oversized);
    }

    static Change toWire(PendingChange change) {
        return new Change(change.model(), change.key(), change.op(), change.item(), change.base(), change.hlc());
    }
}
