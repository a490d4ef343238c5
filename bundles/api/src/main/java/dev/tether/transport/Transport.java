package dev.tether.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection to the message broker. Publishes are at-least-once (MQTT QoS 1); subscriptions are
 * kept across reconnects. While disconnected, {@link #publish} fails at once: callers keep their own
 * durable queue (the outbox), the transport keeps no unbounded one.
 */
@ProviderType
public interface Transport {

    /** User property naming the schema version a message was written against. */
    String SCHEMA_VERSION_PROPERTY = "tether-schema-version";

    /** Whether the transport is connected to its broker now. */
    boolean isConnected();

    /**
     * Publishes a message at QoS 1.
     *
     * @return completes when the broker acknowledged the message; fails with a
     *         {@link TransportException} when disconnected or refused
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties);

    /**
     * Subscribes at QoS 1 and keeps the subscription across reconnects until closed. Messages are
     * handed to the handler on a transport thread; a handler that throws does not stop delivery.
     */
    Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler);

    /** Adds a listener told about every connect and disconnect. */
    void addConnectionListener(ConnectionListener listener);

    void removeConnectionListener(ConnectionListener listener);
}
