package dev.tether.replication.internal;

import java.util.List;

import dev.tether.store.PendingChange;

/** A batch published and not yet acknowledged; resent with the same id and content until it is. */
final class InFlightBatch {

    final String id;
    final List<PendingChange> changes;
    final byte[] payload;
    int attempts;
    long resendAtMillis;

    InFlightBatch(String id, List<PendingChange> changes, byte[] payload) {
        this.id = id;
        this.changes = changes;
        this.payload = payload;
    }
}
