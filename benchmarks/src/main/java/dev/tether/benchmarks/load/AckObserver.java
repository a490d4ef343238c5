package dev.tether.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;

import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.Topics;

/**
 * Listens, beside the gateway, to the cloud's acks for the gateway's batches. The load generator
 * keys each item by the epoch µs of its transaction, so every ack result gives the time from the
 * application's commit to the cloud's commit (an ack is published only after the cloud committed).
 */
final class AckObserver implements AutoCloseable {

    private final MqttAsyncClient client;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final String upModel;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile Window window = new Window(Long.MAX_VALUE, Long.MAX_VALUE, new Latencies(), new AtomicLong());
    private volatile long lastAckMicros;

    /** Items committed in [fromMicros, toMicros) are timed; {@code count} counts their acks. */
    record Window(long fromMicros, long toMicros, Latencies latencies, AtomicLong count) {
    }

    AckObserver(String brokerUri, String deviceId, String upModel) throws MqttException {
        this.upModel = upModel;
        this.client = MqttClients.connect(brokerUri, "bench-ack-observer-" + ProcessHandle.current().pid(), 1000,
                (topic, message) -> observe(message.getPayload()));
        client.subscribe(new Topics(Topics.DEFAULT_PREFIX).downAck(deviceId), 1).waitForCompletion(10_000);
    }

    private void observe(byte[] payload) {
        long now = Clock.epochMicros();
        Ack ack;
        try {
            ack = codec.decodeAck(payload);
        } catch (ProtocolException e) {
            malformed.incrementAndGet();
            return;
        }
        Window current = window;
        long counted = 0;
        for (AckResult result : ack.results()) {
            if (result.status() == AckStatus.REJECTED || !upModel.equals(result.model())) {
                continue;
            }
            counted++;
            long committedMicros = committedMicros(result.key().sk());
            if (committedMicros >= current.fromMicros() && committedMicros < current.toMicros()) {
                current.latencies().record(now - committedMicros);
                current.count().incrementAndGet();
            }
        }
        acknowledged.addAndGet(counted);
        lastAckMicros = now;
    }

    /** The generator's keys are {@code Model#<16-digit epoch µs>-<sequence>}; -1 for anything else. */
    private static long committedMicros(String sk) {
        int hash = sk == null ? -1 : sk.indexOf('#');
        int dash = sk == null ? -1 : sk.indexOf('-', hash + 1);
        if (hash < 0 || dash < 0) {
            return -1;
        }
        try {
            return Long.parseLong(sk.substring(hash + 1, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Times from now on the items committed in the window; returns it to read its figures. */
    Window measure(long fromMicros, long toMicros) {
        Window next = new Window(fromMicros, toMicros, new Latencies(), new AtomicLong());
        window = next;
        return next;
    }

    /** Acknowledged changes of the up model since the observer started (applied, duplicate or conflict). */
    long acknowledged() {
        return acknowledged.get();
    }

    long lastAckMicros() {
        return lastAckMicros;
    }

    @Override
    public void close() {
        MqttClients.close(client);
    }
}
