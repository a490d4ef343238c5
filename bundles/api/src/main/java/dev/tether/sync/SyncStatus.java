package dev.tether.sync;

/**
 * A snapshot of the replication engine.
 *
 * @param deviceId the device this engine syncs
 * @param connected whether its transport is connected
 * @param paused whether sync is paused by an operator
 * @param outboxDepth captured writes not yet acknowledged
 * @param inFlightBatches batches sent and not yet acknowledged
 * @param changesSent changes published since start (retransmits included)
 * @param changesAcknowledged changes the cloud acknowledged since start
 * @param lastAckEpochMillis when the last ack arrived, 0 if none yet
 * @param deadLetters changes set aside because they can never be synced (rejected, too large)
 * @param deviceCursor the cloud version up to which the device has every change of its own stream
 * @param sharedCursor the cloud version up to which the device has every change of the shared stream
 * @param cloudChangesApplied changes from the cloud applied on the device since start
 * @param cloudChangesRefused changes from the cloud refused by the device since start (direction, scope, malformed)
 * @param catchingUp whether a catch-up with the cloud is running
 * @param lastError the last error seen, or {@code null}
 * @param oldestPendingAgeMillis the lag: how long the oldest unacknowledged local change has waited since it
 *        was captured, 0 when the outbox is empty, -1 if unknown
 * @param progress the current or last catch-up or full resync, {@code null} if none ran since start
 * @param changesDuplicate changes the cloud answered {@code duplicate} since start (it had them already: a
 *        retransmission after a lost ack)
 * @param changesRejected changes the cloud rejected since start (each became a dead letter)
 * @param conflictsSettled changes the cloud answered {@code conflict} since start, settled by the model's policy
 */
public record SyncStatus(String deviceId, boolean connected, boolean paused, long outboxDepth, int inFlightBatches,
        long changesSent, long changesAcknowledged, long lastAckEpochMillis, long deadLetters, long deviceCursor,
        long sharedCursor, long cloudChangesApplied, long cloudChangesRefused, boolean catchingUp, String lastError,
        long oldestPendingAgeMillis, SyncProgress progress, long changesDuplicate, long changesRejected,
        long conflictsSettled) {
}
