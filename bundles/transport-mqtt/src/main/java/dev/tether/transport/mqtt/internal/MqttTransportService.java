package dev.tether.transport.mqtt.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportStatus;

/** What the transport components share: a {@link Transport} service backed by one {@link MqttConnection}. */
abstract class MqttTransportService implements Transport {

    private MqttConnection connection;

    final void start(MqttSettings settings) {
        connection = new MqttConnection(settings);
        connection.start();
    }

    final void reconfigure(MqttSettings settings) {
        connection.reconfigure(settings);
    }

    final void close() {
        connection.close();
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties) {
        return connection.publish(topic, payload, userProperties);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, PublishOptions options) {
        return connection.publish(topic, payload, options);
    }

    @Override
    public CompletableFuture<InboundMessage> request(String topic, byte[] payload, PublishOptions options,
            String responseTopic, Duration timeout) {
        return connection.request(topic, payload, options, responseTopic, timeout);
    }

    @Override
    public int maxPacketSize() {
        return connection.maxPacketSize();
    }

    @Override
    public int maxPayloadSize(String topic, PublishOptions options) {
        return connection.maxPayloadSize(topic, options);
    }

    @Override
    public TransportStatus status() {
        return connection.status();
    }

    @Override
    public Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler) {
        return connection.subscribe(topicFilter, handler);
    }

    @Override
    public Subscription subscribeWithBackpressure(String topicFilter,
            Function<InboundMessage, ? extends CompletionStage<?>> handler) {
        return connection.subscribeWithBackpressure(topicFilter, handler);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connection.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        connection.removeConnectionListener(listener);
    }
}
