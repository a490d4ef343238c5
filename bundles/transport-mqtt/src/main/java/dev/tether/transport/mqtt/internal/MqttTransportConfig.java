package dev.tether.transport.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MqttTransportComponent.PID, name = "Tether MQTT transport",
        description = "The MQTT v5 connection Tether syncs over: persistent session, QoS 1, TCP_NODELAY.")
public @interface MqttTransportConfig {

    @AttributeDefinition(name = "Broker URI",
            description = "tcp://host:1883, ssl://host:8883, ws://host:port/path or wss://host:port/path")
    String brokerUri() default MqttSettings.DEFAULT_BROKER_URI;

    @AttributeDefinition(name = "Client id",
            description = "MQTT client identifier; unique per gateway, it also names the broker session")
    String clientId() default MqttSettings.DEFAULT_CLIENT_ID;

    @AttributeDefinition(name = "User name", description = "Empty for none", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", description = "Empty for none", type = AttributeType.PASSWORD,
            required = false)
    String password() default "";

    @AttributeDefinition(name = "Session expiry (s)",
            description = "How long the broker keeps the session and queues QoS 1 messages while offline")
    long sessionExpirySeconds() default MqttSettings.DEFAULT_SESSION_EXPIRY_SECONDS;

    @AttributeDefinition(name = "Keep alive (s)")
    int keepAliveSeconds() default MqttSettings.DEFAULT_KEEP_ALIVE_SECONDS;

    @AttributeDefinition(name = "Connect timeout (s)")
    int connectTimeoutSeconds() default MqttSettings.DEFAULT_CONNECT_TIMEOUT_SECONDS;

    @AttributeDefinition(name = "Reconnect minimum delay (ms)",
            description = "First retry delay after a failed connect or a lost connection; doubles up to the maximum")
    long reconnectMinDelayMillis() default MqttSettings.DEFAULT_RECONNECT_MIN_DELAY_MILLIS;

    @AttributeDefinition(name = "Reconnect maximum delay (ms)")
    long reconnectMaxDelayMillis() default MqttSettings.DEFAULT_RECONNECT_MAX_DELAY_MILLIS;

    @AttributeDefinition(name = "Maximum in flight",
            description = "Publishes that may wait for their PUBACK at once; more fail at once")
    int maxInflight() default MqttSettings.DEFAULT_MAX_INFLIGHT;
}
