package dev.tether.replication.internal;

import java.util.Objects;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.Op;
import dev.tether.store.CloudChange;
import dev.tether.store.PendingChange;

/**
 * What a {@code conflict} result means for the device: the ack names the winning item (none for a
 * delete) and the item's version; if that is the content the device sent, its own write won.
 */
final class ConflictOutcome {

    /** The origin recorded for a winner when the ack does not name it (a cloud from before it did). */
    static final String UNNAMED_ORIGIN = "cloud";

    private ConflictOutcome() {
    }

    /** The cloud's winning write to apply on the device, or {@code null} when the device's own write won. */
    static CloudChange cloudWinner(PendingChange sent, AckResult result) {
        boolean winnerIsDelete = result.winner() == null;
        boolean sentDelete = sent.op() == Op.DELETE;
        if (winnerIsDelete ? sentDelete : !sentDelete && Objects.equals(result.winner(), sent.item())) {
            return null;
        }
        return new CloudChange(sent.model(), sent.key(), winnerIsDelete ? Op.DELETE : Op.PUT, result.winner(),
                result.version(), result.winnerOrigin() != null ? result.winnerOrigin() : UNNAMED_ORIGIN,
                result.winnerHlc() != null ? result.winnerHlc() : sent.hlc());
    }
}
