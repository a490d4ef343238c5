package dev.tether.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /** Content type of Tether's protocol messages. */
    String JSON_CONTENT_TYPE = "application/json";

    /** What {@link #maxPacketSize()} answers when the broker sets no limit. */
    int NO_PACKET_LIMIT = Integer.MAX_VALUE;

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
     * Publishes a message at QoS 1 with MQTT v5 properties (content type, response topic and
     * correlation data, message expiry).
     *
     * @return completes when the broker acknowledged the message; fails with a
     *         {@link NotConnectedException} when disconnected, a {@link MessageTooLargeException} when
     *         larger than the broker accepts, a {@link BrokerRefusalException} when refused
     * @since 0.2
     */
    default CompletableFuture<Void> publish(String topic, byte[] payload, PublishOptions options) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("publish with options"));
    }

    /**
     * Sends a request and waits for its response (MQTT v5 request/response): publishes with
     * {@code responseTopic} and fresh correlation data, and completes with the first message on
     * {@code responseTopic} that carries that correlation data. The responder answers on the response
     * topic with the correlation data it received ({@link PublishOptions#replyTo}).
     *
     * @param options further properties of the request; its response topic and correlation data are replaced
     * @return fails with a {@link TransportException} as {@link #publish(String, byte[], PublishOptions)}
     *         does, and with a {@link java.util.concurrent.TimeoutException} when no response came within {@code timeout}
     * @since 0.2
     */
    default CompletableFuture<InboundMessage> request(String topic, byte[] payload, PublishOptions options,
            String responseTopic, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("request/response"));
    }

    /**
     * The largest MQTT packet the broker accepts (its CONNACK's Maximum Packet Size), as last heard;
     * {@link #NO_PACKET_LIMIT} if it set none or the transport has not connected yet.
     *
     * @since 0.2
     */
    default int maxPacketSize() {
        return NO_PACKET_LIMIT;
    }

    /**
     * The largest payload that fits the broker's {@link #maxPacketSize()} when published to
     * {@code topic} with {@code options}: the packet limit minus the packet's own overhead.
     *
     * @since 0.2
     */
    default int maxPayloadSize(String topic, PublishOptions options) {
        return NO_PACKET_LIMIT;
    }

    /**
     * Connection state and traffic counters.
     *
     * @since 0.2
     */
    default TransportStatus status() {
        return new TransportStatus(isConnected() ? TransportStatus.State.CONNECTED : TransportStatus.State.CONNECTING,
                "", "", null, 0, 0, 0, 0, 0, 0, maxPacketSize());
    }

    /**
     * Subscribes at QoS 1 and keeps the subscription across reconnects until closed. Messages are
     * handed to the handler on a transport thread; a handler that throws does not stop delivery.
     */
    Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler);

    /**
     * Like {@link #subscribe}, for a handler that finishes a message later, on a thread of its own: the
     * broker is told the message was received only when the handler's stage completes (normally or
     * not), and sends no more unfinished messages than the transport's receive window. A slow consumer
     * thus holds the messages back at the broker instead of piling them up in memory. A message not
     * finished when its connection is lost is sent again on the next (the broker session keeps it).
     * Without such flow control a transport acknowledges on receipt, as {@link #subscribe} does.
     *
     * @param handler returns a stage that completes once the message is dealt with
     * @since 0.3
     */
    default Subscription subscribeWithBackpressure(String topicFilter,
            Function<InboundMessage, ? extends CompletionStage<?>> handler) {
        return subscribe(topicFilter, handler::apply);
    }

    /** Adds a listener told about every connect and disconnect. */
    void addConnectionListener(ConnectionListener listener);

    void removeConnectionListener(ConnectionListener listener);
}
