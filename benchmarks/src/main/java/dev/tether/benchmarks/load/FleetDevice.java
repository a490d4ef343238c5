package dev.tether.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.Topics;

/**
 * A simulated device speaking the sync protocol (no Derby): publishes change batches of new
 * items on its up topic and counts the cloud's acks on its down/ack topic, timing each change
 * from its publication (the item key carries the time) to its ack.
 */
final class FleetDevice implements AutoCloseable {

    private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);

    private final String deviceId;
    private final MqttAsyncClient client;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final String payload;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile Latencies latencies = new Latencies();
    private long sequence;
    private int logical;

    FleetDevice(String brokerUri, String deviceId, int itemBytes) throws MqttException {
        this.deviceId = deviceId;
        this.payload = "z".repeat(Math.max(0, itemBytes - 70));
        this.client = MqttClients.connect(brokerUri, deviceId, 100, (topic, message) -> onAck(message.getPayload()));
        client.subscribe(TOPICS.downAck(deviceId), 1).waitForCompletion(10_000);
    }

    /** Publishes one batch of {@code changes} new items; false if the client has too many messages in flight. */
    boolean publish(int changes) throws MqttException {
        long now = Clock.epochMicros();
        List<Change> batch = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++) {
            String id = String.format("%016d-%08d", now, sequence++);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("deviceId", deviceId);
            item.put("id", id);
            item.put("payload", payload);
            batch.add(new Change("LoadUp", new ItemKey("LoadUp#" + deviceId, "LoadUp#" + id), Op.PUT, item, null,
                    new Hlc(now / 1000, logical++ & 0xffff).toString()));
        }
        byte[] message = codec.encode(new ChangeBatch(deviceId + "-" + sequence, batch));
        try {
            client.publish(TOPICS.upChanges(deviceId), new MqttMessage(message, 1, false, null));
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw e;
        }
        sent.addAndGet(changes);
        return true;
    }

    private void onAck(byte[] payload) {
        long now = Clock.epochMicros();
        Ack ack;
        try {
            ack = codec.decodeAck(payload);
        } catch (ProtocolException e) {
            return;
        }
        Latencies current = latencies;
        for (AckResult result : ack.results()) {
            if (result.status() == AckStatus.REJECTED) {
                rejected.incrementAndGet();
                continue;
            }
            acked.incrementAndGet();
            String sk = result.key().sk();
            int hash = sk.indexOf('#');
            int dash = sk.indexOf('-', hash + 1);
            if (hash >= 0 && dash > hash) {
                current.record(now - Long.parseLong(sk.substring(hash + 1, dash)));
            }
        }
    }

    /** Starts a new latency record and returns it. */
    Latencies measure(Latencies shared) {
        latencies = shared;
        return shared;
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        MqttClients.close(client);
    }
}
