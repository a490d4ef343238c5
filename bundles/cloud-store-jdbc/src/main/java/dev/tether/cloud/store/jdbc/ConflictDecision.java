package dev.tether.cloud.store.jdbc;

import dev.tether.protocol.Hlc;
import dev.tether.schema.ConflictPolicy;

/**
 * Who wins a conflict between the item the cloud holds and a device's concurrent write. Last
 * writer wins compares the HLCs, and on equal HLCs the origin ids, so every cloud instance and
 * every retry decides the same way.
 */
final class ConflictDecision {

    private ConflictDecision() {
    }

    static boolean deviceWins(ConflictPolicy policy, WriteStamp stored, String origin, String hlc) {
        return switch (policy) {
            case CLOUD_WINS -> false;
            case DEVICE_WINS -> true;
            case LWW -> {
                int byClock = Hlc.parse(hlc).compareTo(Hlc.parse(stored.hlc()));
                yield byClock != 0 ? byClock > 0 : origin.compareTo(stored.origin()) > 0;
            }
        };
    }
}
