package dev.tether.transport;

import java.util.Map;

/**
 * How a message is published beyond topic and payload: MQTT v5 properties.
 *
 * @param userProperties user properties, e.g. {@link Transport#SCHEMA_VERSION_PROPERTY}; never {@code null}
 * @param contentType the MIME type of the payload (MQTT v5 content type), or {@code null}
 * @param responseTopic where the receiver should answer (request/response), or {@code null}
 * @param correlationData what the answer must carry back so the requester can match it, or {@code null}
 * @param messageExpirySeconds after how long the broker may drop the message if it could not be
 *        delivered (acks and responses nobody waits for any more); 0 for never
 */
public record PublishOptions(Map<String, String> userProperties, String contentType, String responseTopic,
        byte[] correlationData, long messageExpirySeconds) {

    /** No properties at all. */
    public static final PublishOptions NONE = new PublishOptions(Map.of(), null, null, null, 0);

    public PublishOptions {
        userProperties = userProperties == null ? Map.of() : Map.copyOf(userProperties);
        correlationData = correlationData == null ? null : correlationData.clone();
        if (messageExpirySeconds < 0 || messageExpirySeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("messageExpirySeconds must be between 0 and 4294967295");
        }
    }

    /** The options to answer {@code request} with: its correlation data, to be published to its response topic. */
    public static PublishOptions replyTo(InboundMessage request) {
        return new PublishOptions(Map.of(), null, null, request.correlationData(), 0);
    }

    public PublishOptions withUserProperties(Map<String, String> properties) {
        return new PublishOptions(properties, contentType, responseTopic, correlationData, messageExpirySeconds);
    }

    public PublishOptions withContentType(String type) {
        return new PublishOptions(userProperties, type, responseTopic, correlationData, messageExpirySeconds);
    }

    public PublishOptions withResponse(String topic, byte[] correlation) {
        return new PublishOptions(userProperties, contentType, topic, correlation, messageExpirySeconds);
    }

    public PublishOptions withMessageExpirySeconds(long seconds) {
        return new PublishOptions(userProperties, contentType, responseTopic, correlationData, seconds);
    }

    @Override
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }
}
