package dev.tether.cloud.ingest;

import java.util.List;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;

/**
 * A batch whose id could be read: each entry is either a well-formed change or the rejection of a
 * malformed one, in the order of the batch.
 */
record DecodedBatch(String batch, List<Entry> entries) {

    /** Exactly one of {@code change} and {@code rejection} is set. */
    record Entry(Change change, AckResult rejection) {

        static Entry of(Change change) {
            return new Entry(change, null);
        }

        static Entry rejected(AckResult rejection) {
            return new Entry(null, rejection);
        }

        boolean isRejected() {
            return rejection != null;
        }
    }
}
