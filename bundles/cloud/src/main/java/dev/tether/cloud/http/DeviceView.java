package dev.tether.cloud.http;

import java.time.Instant;

/**
 * One device in {@code GET /api/devices}.
 *
 * @param device the device id
 * @param lastSeen when its last batch was applied
 * @param batches batches it sent
 * @param changesApplied its changes that were applied
 * @param cursor the cursor of the last down/changes message sent to it (0: none yet)
 * @param pending committed changes of its scope the change feed has not handed over yet (its lag)
 */
public record DeviceView(String device, Instant lastSeen, long batches, long changesApplied, long cursor, long pending) {
}
