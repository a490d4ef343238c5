package dev.tether.cloud.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.tether.cloud.TestDevice;
import dev.tether.cloud.broker.EmbeddedBroker;
import dev.tether.cloud.ingest.BatchIngest;
import dev.tether.cloud.ingest.IngestCounters;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;
import dev.tether.transport.mqtt.testing.Mosquitto;

import org.eclipse.paho.mqttv5.common.MqttException;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The client survives broker restarts: it reconnects, subscribes again and ingests. */
public class MqttIngestClientReconnectTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    public void afterABrokerRestartWithoutSessionsTheClientSubscribesAgain() throws Exception {
        Path root = temp.getRoot().toPath();
        int port = freePort();
        EmbeddedBroker broker = EmbeddedBroker.start(root.resolve("broker-1"), "127.0.0.1", port);
        try (EmbeddedDerby derby = EmbeddedDerby.open(root.resolve("db"))) {
            IngestCounters counters = new IngestCounters();
            Topics topics = new Topics("tether");
            BatchIngest ingest = new BatchIngest(new JdbcCloudStore(derby.dataSource()), topics, codec, counters);
            MqttSettings settings = new MqttSettings(broker.localUri(), "cloud-under-test", Optional.empty(), Optional.empty(),
                    3600, 60, topics);
            try (MqttIngestClient client = new MqttIngestClient(settings, ingest, counters)) {
                client.start();
                assertTrue(client.awaitSubscribed(Duration.ofSeconds(20)));

                broker.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
                // a fresh data folder: the broker has forgotten the session and its subscription
                broker = EmbeddedBroker.start(root.resolve("broker-2"), "127.0.0.1", port);
                await().atMost(Duration.ofSeconds(40)).until(client::isConnected);

                try (TestDevice device = new TestDevice(broker.localUri(), "dev-9")) {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        // published until the re-subscription is in place; only then does an ack come
                        device.publish(batch("b-after-restart"));
                        return counters.snapshot().batches() > 0;
                    });
                    // the batch may have gone out more than once: the first applied, any later one a duplicate
                    AckStatus status = device.awaitAck("b-after-restart").results().get(0).status();
                    assertTrue(status.toString(), status == AckStatus.APPLIED || status == AckStatus.DUPLICATE);
                    assertEquals(1, counters.snapshot().changesApplied());
                }
            }
        } finally {
            broker.close();
        }
    }

    /**
     * Paho sends a topic it published to before as a topic alias only. Resent as it was on the next
     * connection, where the alias means nothing, such a message made the broker answer every reconnect
     * with a protocol error: the service never ingested again.
     */
    @Test
    public void aMessageCutOffByABrokerCrashDoesNotPoisonTheNextConnection() throws Exception {
        Path root = temp.getRoot().toPath();
        try (Mosquitto broker = Mosquitto.start(root.resolve("mosquitto"));
                EmbeddedDerby derby = EmbeddedDerby.open(root.resolve("db"))) {
            IngestCounters counters = new IngestCounters();
            Topics topics = new Topics("tether");
            BatchIngest ingest = new BatchIngest(new JdbcCloudStore(derby.dataSource()), topics, codec, counters);
            MqttSettings settings = new MqttSettings(broker.uri(), "cloud-cut-off", Optional.empty(), Optional.empty(),
                    3600, 60, topics);
            try (MqttIngestClient client = new MqttIngestClient(settings, ingest, counters)) {
                client.start();
                assertTrue(client.awaitSubscribed(Duration.ofSeconds(20)));
                String downTopic = topics.downChanges("dev-7");
                client.publish(downTopic, new byte[] {1}, null);

                broker.pause(); // no PUBACK for the next one
                CompletableFuture<Void> cutOff = CompletableFuture.runAsync(() -> {
                    try {
                        client.publish(downTopic, new byte[] {2}, null);
                    } catch (MqttException e) {
                        throw new CompletionException(e);
                    }
                });
                broker.kill();
                broker.start();

                try (TestDevice device = new TestDevice(broker.uri(), "dev-7")) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        device.publish(batch("b-after-crash"));
                        return counters.snapshot().batches() > 0;
                    });
                    device.awaitAck("b-after-crash");
                }
                assertFalse(broker.log(), broker.log().contains("protocol error"));
                await().atMost(Duration.ofSeconds(20)).until(cutOff::isDone);
            }
        }
    }

    private byte[] batch(String id) {
        return codec.encode(new ChangeBatch(id, List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.PUT, Map.of("code", 1L), null, new Hlc(1_000, 1).toString()))));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
