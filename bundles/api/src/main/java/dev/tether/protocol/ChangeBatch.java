package dev.tether.protocol;

import java.util.List;

/**
 * A batch of changes a device publishes to {@code {prefix}/{device}/up/changes}.
 *
 * @param batch the batch id, unique per device; the ack names it
 * @param changes at most one change per item
 */
public record ChangeBatch(String batch, List<Change> changes) {
}
