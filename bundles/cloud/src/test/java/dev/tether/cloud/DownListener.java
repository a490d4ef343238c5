package dev.tether.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import dev.tether.protocol.DownChanges;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.SyncRequest;
import dev.tether.transport.NoDelaySocketFactory;

/** A raw Paho v5 client on a device's down topics: collects every down/changes message, asks for catch-up. */
final class DownListener implements AutoCloseable {

    private final ProtocolCodec codec = new ProtocolCodec();
    private final String device;
    private final MqttClient client;
    private final Map<String, List<DownChanges>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, List<DownChanges>> responsesByCorrelation = new ConcurrentHashMap<>();

    DownListener(String brokerUri, String device) throws MqttException {
        this.device = device;
        this.client = new MqttClient(brokerUri, "listener-" + device, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(NoDelaySocketFactory.plain());
        client.connect(options);
        IMqttMessageListener collect = (topic, message) -> byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
                .add(codec.decodeDownChanges(message.getPayload()));
        IMqttMessageListener responses = (topic, message) -> responsesByCorrelation.computeIfAbsent(
                new String(message.getProperties().getCorrelationData(), StandardCharsets.UTF_8), c -> new CopyOnWriteArrayList<>())
                .add(codec.decodeDownChanges(message.getPayload()));
        client.subscribe(new MqttSubscription[] {
                new MqttSubscription("tether/" + device + "/down/changes", 1),
                new MqttSubscription("tether/all/down/changes", 1),
                new MqttSubscription(responseTopic(), 1)},
                new IMqttMessageListener[] {collect, collect, responses});
    }

    String responseTopic() {
        return "test/" + device + "/responses";
    }

    /** Waits for a message on the topic that matches, and returns it. */
    DownChanges awaitMessage(String topic, Predicate<DownChanges> matching) {
        DownChanges[] found = new DownChanges[1];
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (DownChanges message : byTopic.getOrDefault(topic, List.of())) {
                if (matching.test(message)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    List<DownChanges> messages(String topic) {
        return List.copyOf(byTopic.getOrDefault(topic, List.of()));
    }

    /** Sends {@code {since}} to up/sync and waits for the page with {@code more = false}. */
    List<DownChanges> catchUp(long since, String correlation) throws MqttException {
        MqttMessage request = new MqttMessage(codec.encode(new SyncRequest(since)));
        request.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic());
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        request.setProperties(properties);
        client.publish("tether/" + device + "/up/sync", request);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> responsesByCorrelation.getOrDefault(correlation, List.of()).stream()
                .anyMatch(page -> !page.more()));
        return List.copyOf(responsesByCorrelation.get(correlation));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
