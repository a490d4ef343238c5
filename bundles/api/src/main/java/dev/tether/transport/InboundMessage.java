package dev.tether.transport;

import java.util.Map;

/**
 * A message received from the broker.
 *
 * @param topic the topic it was published to
 * @param payload its bytes
 * @param userProperties its MQTT v5 user properties
 * @param responseTopic the MQTT v5 response topic, or {@code null}
 * @param correlationData the MQTT v5 correlation data, or {@code null}
 * @param contentType the MQTT v5 content type, or {@code null}
 */
public record InboundMessage(String topic, byte[] payload, Map<String, String> userProperties,
        String responseTopic, byte[] correlationData, String contentType) {

    /** A message without a content type. */
    public InboundMessage(String topic, byte[] payload, Map<String, String> userProperties, String responseTopic,
            byte[] correlationData) {
        this(topic, payload, userProperties, responseTopic, correlationData, null);
    }
}
