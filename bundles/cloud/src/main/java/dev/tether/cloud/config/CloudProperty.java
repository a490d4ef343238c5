package dev.tether.cloud.config;

import java.util.Locale;
import java.util.Optional;

/** Every configuration property the cloud service knows, with its default. */
public enum CloudProperty {
    BROKER_EMBEDDED("broker.embedded", "true"),
    BROKER_HOST("broker.host", "127.0.0.1"),
    BROKER_PORT("broker.port", "1883"),
    BROKER_URI("broker.uri", null),
    BROKER_USERNAME("broker.username", null),
    BROKER_PASSWORD("broker.password", null),
    TOPIC_PREFIX("topic.prefix", "tether"),
    CLIENT_ID("client.id", "tether-cloud-1"),
    SESSION_EXPIRY_SECONDS("session.expiry.seconds", "86400"),
    ACK_EXPIRY_SECONDS("ack.expiry.seconds", "3600"),
    DATA_DIR("data.dir", "data/cloud"),
    HTTP_HOST("http.host", "127.0.0.1"),
    HTTP_PORT("http.port", "8080"),
    HTTP_TOKEN("http.token", null),
    STORE_URL("store.url", null),
    STORE_USERNAME("store.username", null),
    STORE_PASSWORD("store.password", null),
    STORE_POOL_SIZE("store.pool.size", "8"),
    SCHEMA_PATH("schema.path", null),
    FEED_INTERVAL_MILLIS("feed.interval.millis", "200"),
    DOWN_MAX_BYTES("down.max.bytes", "120000"),
    TOMBSTONE_HORIZON_SECONDS("tombstone.horizon.seconds", "2592000"),
    TOMBSTONE_PURGE_INTERVAL_SECONDS("tombstone.purge.interval.seconds", "3600");

    /** Environment variables that override a property start with this. */
    public static final String ENV_PREFIX = "TETHER_CLOUD_";

    private final String key;
    private final String defaultValue;

    CloudProperty(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** {@code broker.uri} → {@code TETHER_CLOUD_BROKER_URI}. */
    public String environmentVariable() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Optional<CloudProperty> byKey(String key) {
        for (CloudProperty property : values()) {
            if (property.key.equals(key)) {
                return Optional.of(property);
            }
        }
        return Optional.empty();
    }
}
