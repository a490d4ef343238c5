package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tether.transport.PublishOptions;

/** The size of an MQTT v5 PUBLISH packet apart from its payload, counted as the broker will count it. */
final class PacketSize {

    /** Fixed header byte plus the longest Remaining Length (4 bytes). */
    private static final int FIXED_HEADER = 1 + 4;
    private static final int PACKET_ID = 2;
    /** Property Length at its longest. */
    private static final int PROPERTY_LENGTH = 4;

    private PacketSize() {
    }

    /** An upper bound of everything in the PUBLISH packet but the payload. */
    static int publishOverhead(String topic, PublishOptions options) {
        int size = FIXED_HEADER + string(topic) + PACKET_ID + PROPERTY_LENGTH;
        for (var property : options.userProperties().entrySet()) {
            size += 1 + string(property.getKey()) + string(property.getValue());
        }
        if (options.contentType() != null) {
            size += 1 + string(options.contentType());
        }
        if (options.responseTopic() != null) {
            size += 1 + string(options.responseTopic());
        }
        byte[] correlation = options.correlationData();
        if (correlation != null) {
            size += 1 + 2 + correlation.length;
        }
        if (options.messageExpirySeconds() > 0) {
            size += 1 + 4;
        }
        return size;
    }

    private static int string(String value) {
        return 2 + value.getBytes(UTF_8).length;
    }
}
