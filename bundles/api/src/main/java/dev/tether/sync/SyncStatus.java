package dev.tether.sync;

/**
 * A snapshot of the replication engine.
 *
 * @param deviceId the device this engine syncs
 * @param connected whether its transport is connected
 * @param outboxDepth captured writes not yet acknowledged
 * @param inFlightBatches batches sent and not yet acknowledged
 * @param changesSent changes published since start (retransmits included)
 * @param changesAcknowledged changes the cloud acknowledged since start
 * @param lastAckEpochMillis when the last ack arrived, 0 if none yet
 * @param lastError the last error seen, or {@code null}
 */
public record SyncStatus(String deviceId, boolean connected, long outboxDepth, int inFlightBatches,
        long changesSent, long changesAcknowledged, long lastAckEpochMillis, String lastError) {
}
