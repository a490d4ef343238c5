package dev.tether.cloud.ingest;

/**
 * An ack ready to publish.
 *
 * @param topic the device's ack topic
 * @param device the device
 * @param batch the acknowledged batch id
 * @param payload the encoded {@link dev.tether.protocol.Ack}
 */
public record OutgoingAck(String topic, String device, String batch, byte[] payload) {
}
