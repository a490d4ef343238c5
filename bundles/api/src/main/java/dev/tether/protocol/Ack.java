package dev.tether.protocol;

import java.util.List;

/**
 * The cloud's answer to a {@link ChangeBatch}, published to {@code {prefix}/{device}/down/ack}.
 *
 * @param batch the id of the acknowledged batch
 * @param results one result per change of the batch
 */
public record Ack(String batch, List<AckResult> results) {
}
