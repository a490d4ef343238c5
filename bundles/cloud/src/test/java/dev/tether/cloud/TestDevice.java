package dev.tether.cloud;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import dev.tether.protocol.Ack;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.transport.NoDelaySocketFactory;

/** A raw Paho v5 client playing a device: publishes change batches, collects the acks it gets. */
public final class TestDevice implements AutoCloseable {

    private final ProtocolCodec codec = new ProtocolCodec();
    private final String device;
    private final MqttClient client;
    private final Map<String, MqttMessage> acksByBatch = new ConcurrentHashMap<>();
    private final List<String> ackOrder = new CopyOnWriteArrayList<>();

    public TestDevice(String brokerUri, String device) throws MqttException {
        this.device = device;
        this.client = new MqttClient(brokerUri, "test-" + device, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(NoDelaySocketFactory.plain());
        client.connect(options);
        client.subscribe(new MqttSubscription[] {new MqttSubscription("tether/" + device + "/down/ack", 1)},
                new IMqttMessageListener[] {(topic, message) -> {
                    Ack ack = codec.decodeAck(message.getPayload());
                    acksByBatch.put(ack.batch(), message);
                    ackOrder.add(ack.batch());
                }});
    }

    /** Publishes at QoS 1; when the client has too many publishes in flight, waits for room (backpressure). */
    public void publish(byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                client.publish("tether/" + device + "/up/changes", message);
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    return false;
                }
                throw e;
            }
        });
    }

    public Ack awaitAck(String batch) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> acksByBatch.containsKey(batch));
        return codec.decodeAck(acksByBatch.get(batch).getPayload());
    }

    Optional<MqttMessage> ackMessage(String batch) {
        return Optional.ofNullable(acksByBatch.get(batch));
    }

    List<String> ackOrder() {
        return List.copyOf(ackOrder);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
