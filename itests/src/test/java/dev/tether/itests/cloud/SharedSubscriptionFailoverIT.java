package dev.tether.itests.cloud;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.google.gson.JsonParser;

import dev.tether.cloud.store.jdbc.testing.PostgresServer;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.transport.NoDelaySocketFactory;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two cloud service processes (the distribution's launcher) behind one shared subscription on a
 * real mosquitto, one PostgreSQL store. A raw Paho device publishes rounds of batches the way the
 * engine does (one change per item in flight, retransmit with the same batch id and HLCs when no
 * ack comes). Mid-stream one instance is killed with SIGKILL and later started again, so that the
 * broker redelivers what it had in flight. Nothing may be lost, nothing applied twice, and each
 * item's versions must follow the order of its writes.
 */
public class SharedSubscriptionFailoverIT {

    private static final String DEVICE = "dev-ha";
    private static final int ITEMS = 20;
    private static final int ITEMS_PER_BATCH = 5;
    private static final int ROUNDS = 12;
    private static final int KILL_AFTER_PUBLISHING_ROUND = 4;
    private static final int RESTART_BEFORE_ROUND = 8;
    private static final Duration RETRANSMIT_AFTER = Duration.ofSeconds(2);

    private static Path work;
    private static PostgresServer postgres;
    private static String database;
    private static MosquittoBroker broker;
    private static final List<CloudService> instances = new ArrayList<>();

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Map<String, List<Ack>> acks = new ConcurrentHashMap<>();

    @BeforeClass
    public static void startEverything() throws Exception {
        work = TestSystem.newWorkFolder("failover");
        postgres = PostgresServer.start();
        database = postgres.createDatabase();
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
    }

    @AfterClass
    public static void stopEverything() {
        instances.forEach(CloudService::stop);
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    public void aKilledInstanceLosesNothingAndNothingIsAppliedTwiceOrOutOfOrder() throws Exception {
        CloudService a = startInstance("a");
        startInstance("b");
        MqttClient device = connectDevice();
        Map<String, ChangeBatch> sent = new LinkedHashMap<>();
        Map<String, Long> lastSent = new HashMap<>();

        for (int round = 1; round <= ROUNDS; round++) {
            if (round == RESTART_BEFORE_ROUND) {
                startInstance("a");
            }
            List<String> roundBatches = new ArrayList<>();
            for (int first = 0; first < ITEMS; first += ITEMS_PER_BATCH) {
                ChangeBatch batch = batch(round, first);
                sent.put(batch.batch(), batch);
                roundBatches.add(batch.batch());
                publish(device, batch);
                lastSent.put(batch.batch(), System.nanoTime());
            }
            if (round == KILL_AFTER_PUBLISHING_ROUND) {
                a.kill();
            }
            // The next round may start only when every item of this one is acknowledged: one change per item in flight.
            await("acks of round " + round).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                boolean all = true;
                for (String id : roundBatches) {
                    if (!acks.containsKey(id)) {
                        all = false;
                        if (System.nanoTime() - lastSent.get(id) > RETRANSMIT_AFTER.toNanos()) {
                            publish(device, sent.get(id));
                            lastSent.put(id, System.nanoTime());
                        }
                    }
                }
                return all;
            });
        }
        device.disconnect();
        device.close();

        Map<String, List<Long>> versionsByItem = new HashMap<>();
        for (ChangeBatch batch : sent.values()) {
            List<Ack> answers = acks.get(batch.batch());
            for (int i = 0; i < batch.changes().size(); i++) {
                Change change = batch.changes().get(i);
                long applied = 0;
                for (Ack ack : answers) {
                    AckResult result = ack.results().get(i);
                    assertTrue(batch.batch() + ": " + result, result.status() == AckStatus.APPLIED || result.status() == AckStatus.DUPLICATE);
                    applied += result.status() == AckStatus.APPLIED ? 1 : 0;
                }
                assertTrue(change.key() + " in " + batch.batch() + " applied at most once: " + answers, applied <= 1);
                // The first answer is the one the device acted on; later ones answer redeliveries (a duplicate
                // that arrives after newer writes names the item's newer version, the older write being superseded).
                List<Long> versions = List.of(answers.get(0).results().get(i).version());
                versionsByItem.computeIfAbsent(change.key().sk(), key -> new ArrayList<>()).add(versions.get(0));
            }
        }
        versionsByItem.forEach((item, versions) -> {
            assertEquals(item, ROUNDS, versions.size());
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(item + " versions follow its writes: " + versions, versions.get(i) > versions.get(i - 1));
            }
        });
        DataSource store = postgres.dataSource(database);
        assertEquals("each change applied exactly once", (long) ITEMS * ROUNDS, changesApplied(store));
        for (int item = 0; item < ITEMS; item++) {
            assertEquals((double) ROUNDS, JsonParser.parseString(storedItem(store, key(item))).getAsJsonObject().get("value").getAsDouble(), 0);
        }
    }

    private CloudService startInstance(String name) throws Exception {
        CloudService instance = CloudService.start(TestSystem.distribution(), work.resolve("cloud-" + name
                + "-" + instances.size()), broker.uri(), Map.of(
                        "TETHER_CLOUD_CLIENT_ID", "itest-cloud-" + name,
                        "TETHER_CLOUD_STORE_URL", postgres.jdbcUrl(database),
                        "TETHER_CLOUD_STORE_USERNAME", postgres.user()));
        instances.add(instance);
        return instance;
    }

    private MqttClient connectDevice() throws Exception {
        MqttClient client = new MqttClient(broker.uri(), DEVICE, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSocketFactory(NoDelaySocketFactory.plain());
        client.connect(options);
        IMqttMessageListener onAck = (topic, message) -> {
            Ack ack = codec.decodeAck(message.getPayload());
            acks.computeIfAbsent(ack.batch(), id -> new CopyOnWriteArrayList<>()).add(ack);
        };
        client.subscribe(new MqttSubscription[] {new MqttSubscription("tether/" + DEVICE + "/down/ack", 1)},
                new IMqttMessageListener[] {onAck});
        return client;
    }

    private void publish(MqttClient device, ChangeBatch batch) throws Exception {
        MqttMessage message = new MqttMessage(codec.encode(batch));
        message.setQos(1);
        device.publish("tether/" + DEVICE + "/up/changes", message);
    }

    private static ChangeBatch batch(int round, int firstItem) {
        List<Change> changes = new ArrayList<>();
        for (int item = firstItem; item < firstItem + ITEMS_PER_BATCH; item++) {
            // HLCs grow with the round for each item, as the device's clock would stamp successive writes
            Hlc hlc = new Hlc(1_700_000_000_000L + round * 1_000L + item, 0);
            Map<String, Object> reading = Map.of("id", "i" + item, "deviceId", DEVICE, "sensor", "s", "value", (long) round);
            changes.add(new Change("Reading", key(item), Op.PUT, reading, null, hlc.toString()));
        }
        return new ChangeBatch("r" + round + "-" + firstItem, changes);
    }

    private static ItemKey key(int item) {
        return new ItemKey("Reading#" + DEVICE, "Reading#i" + item);
    }

    private static long changesApplied(DataSource store) throws Exception {
        try (Connection connection = store.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT changes_applied FROM tether_devices WHERE device = ?")) {
            select.setString(1, DEVICE);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }

    private static String storedItem(DataSource store, ItemKey key) throws Exception {
        try (Connection connection = store.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT item FROM tether_items WHERE scope = ? AND model = 'Reading' AND pk = ? AND sk = ?")) {
            select.setString(1, DEVICE);
            select.setString(2, key.pk());
            select.setString(3, key.sk());
            try (ResultSet row = select.executeQuery()) {
                assertTrue(key.toString(), row.next());
                return row.getString(1);
            }
        }
    }
}
