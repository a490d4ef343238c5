package dev.tether.cloud.store.jdbc;

import java.time.Instant;

/**
 * What the store saw of one device (or other writer).
 *
 * @param device the device id (the origin of its writes)
 * @param lastSeen when its last batch was applied
 * @param batches how many batches it sent
 * @param changesApplied how many of its changes were applied (duplicates and rejections not counted)
 */
public record DeviceActivity(String device, Instant lastSeen, long batches, long changesApplied) {
}
