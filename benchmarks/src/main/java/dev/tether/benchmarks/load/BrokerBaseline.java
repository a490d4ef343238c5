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
 * broker to a subscriber (two Paho clients in the driver), as a paced round trip and at saturation.
 */
final class BrokerBaseline implements AutoCloseable {

    private final MqttAsyncClient publisher;
    private final MqttAsyncClient subscriber;
    private final String topic = "bench/baseline/" + ProcessHandle.current().pid();
    private final ConcurrentHashMap<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private volatile Latencies latencies = new Latencies();
    private volatile Semaphore window = new Semaphore(Integer.MAX_VALUE);

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

    /** Round-trip latencies (publish → broker → subscriber) at a paced rate. */
    Latencies pacedRoundTrip(int itemBytes, double rate, double seconds) throws MqttException, InterruptedException {
        latencies = new Latencies();
        window = new Semaphore(Integer.MAX_VALUE);
        long count = (long) (rate * seconds);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * 1e9 / rate);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            publish(i, itemBytes, intended);
        }
        awaitReceived(count);
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
            window.acquire();
            publish(1_000_000_000L + sent, itemBytes, System.nanoTime());
            sent++;
        }
        window.acquire(inFlight);
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

    private void awaitReceived(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latencies.count() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        MqttClients.close(publisher);
        MqttClients.close(subscriber);
    }
}
