package dev.tether.benchmarks.load;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The broker's own limit: MQTT v5 QoS 1 messages of one item's size from a publisher through the
 * broker to a subscriber (two Paho clients in the driver), one at a time and at saturation.
 */
final class BrokerBaseline implements AutoCloseable {

    /** Permits of a window that never blocks; below Integer.MAX_VALUE so that releases cannot overflow it. */
    private static final int UNBOUNDED = Integer.MAX_VALUE / 2;

    private final MqttAsyncClient publisher;
    private final MqttAsyncClient subscriber;
    private final String topic = "bench/baseline/" + ProcessHandle.current().pid();
    private final ConcurrentHashMap<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private volatile Latencies latencies = new Latencies();
    private volatile Semaphore window = new Semaphore(UNBOUNDED);

    BrokerBaseline(String brokerUri) throws MqttException {
        long pid = ProcessHandle.current().pid();
        this.publisher = MqttClients.connect(brokerUri, "bench-baseline-pub-" + pid, 1000);
        this.subscriber = MqttClients.connect(brokerUri, "bench-baseline-sub-" + pid, 1000, (t, message) -> {
            long now = System.nanoTime();
            byte[] payload = message.getPayload();
            long id = java.nio.ByteBuffer.wrap(payload).getLong();
            Long sent = sentNanos.remove(id);
            if (sent != null) {
                latencies.record((now - sent) / 1_000);
            }
            received.incrementAndGet();
            window.release();
        });
        subscriber.subscribe(topic, 1).waitForCompletion(10_000);
    }

    /** Round-trip latencies (publish → broker → subscriber) of one message at a time: the broker's own hop cost. */
    Latencies sequentialRoundTrip(int itemBytes, double seconds) throws MqttException, InterruptedException {
        latencies = new Latencies();
        window = new Semaphore(1);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long id = 2_000_000_000L;
        while (System.nanoTime() < end) {
            if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker baseline: no message came back within 10 s");
            }
            publish(id++, itemBytes, System.nanoTime());
        }
        window.tryAcquire(1, 10, TimeUnit.SECONDS);
        return latencies;
    }

    /** Messages per second through the broker with up to {@code inFlight} messages under way. */
    double saturation(int itemBytes, int inFlight, double seconds) throws MqttException, InterruptedException {
        latencies = new Latencies();
        window = new Semaphore(inFlight);
        long before = received.get();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sent = 0;
        while (System.nanoTime() < end) {
            if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("broker baseline: no message came back within 10 s");
            }
            publish(1_000_000_000L + sent, itemBytes, System.nanoTime());
            sent++;
        }
        if (!window.tryAcquire(inFlight, 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker baseline: messages did not come back within 10 s");
        }
        long done = received.get() - before;
        return done * 1e9 / (System.nanoTime() - start);
    }

    private void publish(long id, int itemBytes, long sentAt) throws MqttException {
        byte[] payload = new byte[Math.max(8, itemBytes)];
        java.nio.ByteBuffer.wrap(payload).putLong(id);
        sentNanos.put(id, sentAt);
        MqttMessage message = new MqttMessage(payload, 1, false, null);
        while (true) {
            try {
                publisher.publish(topic, message);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                LockSupport.parkNanos(50_000);
            }
        }
    }

    @Override
    public void close() {
        MqttClients.close(publisher);
        MqttClients.close(subscriber);
    }
}
