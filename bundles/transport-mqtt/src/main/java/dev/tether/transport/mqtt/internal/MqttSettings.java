package dev.tether.transport.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Everything an {@link MqttConnection} needs to reach its broker. Validated on construction so a bad
 * configuration fails at once with a message that names the property.
 *
 * @param name the transport instance's name, e.g. {@code default} or {@code backup}
 * @param brokerUri {@code tcp://}, {@code ssl://}, {@code ws://} or {@code wss://} URI of the broker
 * @param clientId MQTT client identifier; it also names the broker-side persistent session
 * @param username user name, empty for none
 * @param password password, empty for none; never logged nor shown by {@link #toString()}
 * @param tls trust and client identity for {@code ssl://} and {@code wss://}
 * @param topicPrefix topic levels put in front of every topic on the wire, empty for none
 * @param sessionExpirySeconds how long the broker keeps the session after a disconnect
 * @param keepAliveSeconds MQTT keep-alive interval
 * @param connectTimeoutSeconds how long one connect attempt may take
 * @param reconnectMinDelayMillis delay before the first retry after a failure or a loss
 * @param reconnectMaxDelayMillis cap of the exponentially growing retry delay
 * @param maxInflight how many publishes may wait for their PUBACK at once
 */
public record MqttSettings(String name, String brokerUri, String clientId, String username, String password,
        TlsSettings tls, String topicPrefix, long sessionExpirySeconds, int keepAliveSeconds,
        int connectTimeoutSeconds, long reconnectMinDelayMillis, long reconnectMaxDelayMillis, int maxInflight) {

    public static final String DEFAULT_NAME = "default";
    public static final String DEFAULT_BROKER_URI = "tcp://127.0.0.1:1883";
    public static final String DEFAULT_CLIENT_ID = "tether-gateway";
    public static final long DEFAULT_SESSION_EXPIRY_SECONDS = 604_800;
    public static final int DEFAULT_KEEP_ALIVE_SECONDS = 30;
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    public static final long DEFAULT_RECONNECT_MIN_DELAY_MILLIS = 500;
    public static final long DEFAULT_RECONNECT_MAX_DELAY_MILLIS = 30_000;
    public static final int DEFAULT_MAX_INFLIGHT = 100;

    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public MqttSettings {
        name = name == null || name.isBlank() ? DEFAULT_NAME : name.trim();
        brokerUri = required("brokerUri", brokerUri);
        checkBrokerUri(brokerUri);
        clientId = required("clientId", clientId);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        tls = tls == null ? TlsSettings.NONE : tls;
        topicPrefix = TopicMount.checked(topicPrefix);
        check(sessionExpirySeconds >= 0 && sessionExpirySeconds <= MAX_UINT32,
                "sessionExpirySeconds must be between 0 and " + MAX_UINT32);
        check(keepAliveSeconds >= 0 && keepAliveSeconds <= 65_535, "keepAliveSeconds must be between 0 and 65535");
        check(connectTimeoutSeconds >= 1, "connectTimeoutSeconds must be at least 1");
        check(reconnectMinDelayMillis >= 1, "reconnectMinDelayMillis must be at least 1");
        check(reconnectMaxDelayMillis >= reconnectMinDelayMillis,
                "reconnectMaxDelayMillis must not be less than reconnectMinDelayMillis");
        check(maxInflight >= 1 && maxInflight <= 65_535, "maxInflight must be between 1 and 65535");
    }

    /** The defaults, pointed at the given broker with the given client id. */
    public static MqttSettings of(String brokerUri, String clientId) {
        return new MqttSettings(DEFAULT_NAME, brokerUri, clientId, "", "", TlsSettings.NONE, "",
                DEFAULT_SESSION_EXPIRY_SECONDS, DEFAULT_KEEP_ALIVE_SECONDS, DEFAULT_CONNECT_TIMEOUT_SECONDS,
                DEFAULT_RECONNECT_MIN_DELAY_MILLIS, DEFAULT_RECONNECT_MAX_DELAY_MILLIS, DEFAULT_MAX_INFLIGHT);
    }

    public MqttSettings withReconnectDelays(long minMillis, long maxMillis) {
        return new MqttSettings(name, brokerUri, clientId, username, password, tls, topicPrefix, sessionExpirySeconds,
                keepAliveSeconds, connectTimeoutSeconds, minMillis, maxMillis, maxInflight);
    }

    public MqttSettings withCredentials(String newUsername, String newPassword) {
        return new MqttSettings(name, brokerUri, clientId, newUsername, newPassword, tls, topicPrefix,
                sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds, reconnectMinDelayMillis,
                reconnectMaxDelayMillis, maxInflight);
    }

    public MqttSettings withMaxInflight(int newMaxInflight) {
        return new MqttSettings(name, brokerUri, clientId, username, password, tls, topicPrefix, sessionExpirySeconds,
                keepAliveSeconds, connectTimeoutSeconds, reconnectMinDelayMillis, reconnectMaxDelayMillis,
                newMaxInflight);
    }

    MqttSettings withTls(TlsSettings newTls) {
        return new MqttSettings(name, brokerUri, clientId, username, password, newTls, topicPrefix,
                sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds, reconnectMinDelayMillis,
                reconnectMaxDelayMillis, maxInflight);
    }

    MqttSettings withTopicPrefix(String prefix) {
        return new MqttSettings(name, brokerUri, clientId, username, password, tls, prefix, sessionExpirySeconds,
                keepAliveSeconds, connectTimeoutSeconds, reconnectMinDelayMillis, reconnectMaxDelayMillis,
                maxInflight);
    }

    /** Whether the URI needs a TLS socket factory. */
    boolean usesTls() {
        String scheme = URI.create(brokerUri).getScheme();
        return "ssl".equals(scheme) || "wss".equals(scheme);
    }

    /** Whether the broker is on this machine, judged by the URI alone (no name lookup). */
    boolean brokerIsLoopback() {
        String host = URI.create(brokerUri).getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public String toString() {
        return "MqttSettings[name=" + name + ", brokerUri=" + brokerUri + ", clientId=" + clientId + ", username="
                + username + ", password=" + (password.isEmpty() ? "" : "***") + ", tls=" + tls + ", topicPrefix="
                + topicPrefix + ", sessionExpirySeconds=" + sessionExpirySeconds
                + ", keepAliveSeconds=" + keepAliveSeconds + ", connectTimeoutSeconds=" + connectTimeoutSeconds
                + ", reconnectMinDelayMillis=" + reconnectMinDelayMillis + ", reconnectMaxDelayMillis="
                + reconnectMaxDelayMillis + ", maxInflight=" + maxInflight + "]";
    }

    private static String required(String name, String value) {
        check(value != null && !value.isBlank(), name + " must not be empty");
        return value.trim();
    }

    private static void checkBrokerUri(String brokerUri) {
        URI uri;
        try {
            uri = new URI(brokerUri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("brokerUri is not a URI: " + brokerUri, e);
        }
        check(uri.getScheme() != null && SCHEMES.contains(uri.getScheme()),
                "brokerUri must start with tcp://, ssl://, ws:// or wss://: " + brokerUri);
        check(uri.getHost() != null, "brokerUri has no host: " + brokerUri);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
