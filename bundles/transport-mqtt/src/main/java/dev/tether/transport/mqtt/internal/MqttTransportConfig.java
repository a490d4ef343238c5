package dev.tether.transport.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The transport's configuration. Secrets are private properties (their names start with '.', from
 * the leading '_' here): DS does not publish those as service properties.
 */
@ObjectClassDefinition(id = MqttTransportComponent.PID, name = "Tether MQTT transport",
        description = "An MQTT v5 connection Tether syncs over: persistent session, QoS 1, TCP_NODELAY."
                + " Several may run side by side as factory configurations (e.g. a primary and a backup broker).")
public @interface MqttTransportConfig {

    @AttributeDefinition(name = "Name",
            description = "Names this transport instance; the replication engine picks one with a target filter such as (name=backup)")
    String name() default MqttSettings.DEFAULT_NAME;

    @AttributeDefinition(name = "Broker URI",
            description = "tcp://host:1883, ssl://host:8883, ws://host:port/path or wss://host:port/path")
    String brokerUri() default MqttSettings.DEFAULT_BROKER_URI;

    @AttributeDefinition(name = "Device id", required = false,
            description = "This gateway's id; the client id defaults to it (with -<name> added for instances not named default)")
    String deviceId() default "";

    @AttributeDefinition(name = "Client id", required = false,
            description = "MQTT client identifier; unique per connection, it names the broker session. Empty: derived from the device id")
    String clientId() default "";

    @AttributeDefinition(name = "User name", description = "Empty for none", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", description = "Empty for none (private property .password)",
            type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "CA file", required = false,
            description = "PEM file of the CA certificate(s) the broker's certificate must chain to; empty: the JVM's trust store")
    String caFile() default "";

    @AttributeDefinition(name = "Client certificate file", required = false,
            description = "PEM file of the client certificate (chain) for mutual TLS; needs the private key file")
    String certificateFile() default "";

    @AttributeDefinition(name = "Client private key file", required = false,
            description = "PEM file of the client certificate's private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY)")
    String privateKeyFile() default "";

    @AttributeDefinition(name = "Client key store file", required = false,
            description = "Key store with the client certificate and key, instead of the two PEM files")
    String keyStoreFile() default "";

    @AttributeDefinition(name = "Client key store password", required = false, type = AttributeType.PASSWORD,
            description = "Password of the key store and its key (private property .keyStorePassword)")
    String _keyStorePassword() default "";

    @AttributeDefinition(name = "Client key store type", description = "PKCS12 or JKS")
    String keyStoreType() default "PKCS12";

    @AttributeDefinition(name = "Topic prefix", required = false,
            description = "Topic levels put in front of every topic this transport uses on the broker (e.g. a tenant); empty for none")
    String topicPrefix() default "";

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
            description = "Publishes that may wait for their PUBACK at once (more fail at once)")
    int maxInflight() default MqttSettings.DEFAULT_MAX_INFLIGHT;
}
