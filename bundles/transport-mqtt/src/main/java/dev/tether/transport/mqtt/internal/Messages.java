package dev.tether.transport.mqtt.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;

/** Converts between Tether's message shapes and Paho's. */
final class Messages {

    static final int QOS = 1;

    private Messages() {
    }

    static MqttMessage outbound(byte[] payload, PublishOptions options) {
        // Paho encodes later on its sender thread: copy so a caller reusing its buffer cannot change what is sent.
        MqttMessage message = new MqttMessage(payload.clone());
        message.setQos(QOS);
        MqttProperties properties = new MqttProperties();
        Map<String, String> userProperties = options.userProperties();
        if (!userProperties.isEmpty()) {
            List<UserProperty> list = new ArrayList<>(userProperties.size());
            userProperties.forEach((key, value) -> list.add(new UserProperty(key, value)));
            properties.setUserProperties(list);
        }
        if (options.contentType() != null) {
            properties.setContentType(options.contentType());
        }
        if (options.responseTopic() != null) {
            properties.setResponseTopic(options.responseTopic());
        }
        byte[] correlationData = options.correlationData();
        if (correlationData != null) {
            properties.setCorrelationData(correlationData);
        }
        if (options.messageExpirySeconds() > 0) {
            properties.setMessageExpiryInterval(options.messageExpirySeconds());
        }
        message.setProperties(properties);
        return message;
    }

    static InboundMessage inbound(String topic, MqttMessage message) {
        MqttProperties properties = message.getProperties();
        Map<String, String> userProperties = Map.of();
        String responseTopic = null;
        byte[] correlationData = null;
        String contentType = null;
        if (properties != null) {
            userProperties = toMap(properties.getUserProperties());
            responseTopic = properties.getResponseTopic();
            correlationData = properties.getCorrelationData();
            contentType = properties.getContentType();
        }
        return new InboundMessage(topic, message.getPayload(), userProperties, responseTopic, correlationData,
                contentType);
    }

    /** MQTT allows a key to repeat; the map keeps the last value, as most readers of a header would. */
    private static Map<String, String> toMap(List<UserProperty> list) {
        if (list == null || list.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (UserProperty property : list) {
            map.put(property.getKey(), property.getValue());
        }
        return Collections.unmodifiableMap(map);
    }
}
