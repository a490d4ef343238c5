package dev.tether.itests.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayOptions;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportStatus;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * A broker that accepts packets of 3,000 bytes at most, far below the engine's configured batch
 * bound (120,000): the transport reports the broker's limit, the engine builds batches under it, and
 * everything syncs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmallPacketSizeIT {

    private static final String DEVICE = "itest-small-packets";
    private static final int MAX_PACKET_SIZE = 3_000;
    private static final int ITEMS = 200;
    private static final Duration SYNC_WAIT = Duration.ofSeconds(90);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(timeout = 60_000)
    private Transport transport;

    @Configuration
    public Option[] configure() throws IOException {
        Path distribution = TestSystem.distribution();
        Path config = TestSystem.config();
        Path work = TestSystem.newWorkFolder("small-packets");

        ListenerBroker broker = ListenerBroker.start(work.resolve("mosquitto"), 1,
                List.of("max_packet_size " + MAX_PACKET_SIZE));
        CloudService cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri(0));
        Path load = new GatewayConfiguration(config)
                .without("dev.tether.sample.sensor")
                .set("dev.tether.schema", "schemaPath", config.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .set("dev.tether.store.derby", "durability", "test")
                .set("dev.tether.transport.mqtt", "brokerUri", broker.uri(0))
                .set("dev.tether.transport.mqtt", "clientId", DEVICE)
                .set("dev.tether.replication", "deviceId", DEVICE)
                .set("dev.tether.replication", "batchMaxBytes", "120000")
                .set("dev.tether.replication", "pollIntervalMillis", "50")
                .set("dev.tether.replication", "ackTimeoutMillis", "2000")
                .writeTo(work.resolve("load"));
        return GatewayOptions.of(distribution, work, load, Map.of("itest.cloud.http", cloud.httpBase()));
    }

    @Test
    public void batchesStayUnderTheBrokersMaximumPacketSizeAndEverythingSyncs() {
        await("connected").atMost(SYNC_WAIT).until(() -> transport.isConnected());
        assertEquals(MAX_PACKET_SIZE, transport.maxPacketSize());

        Set<String> written = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            // ~150 bytes of sensor name: about 15 changes fill one packet
            Map<String, Object> stored = store.put("Reading", Map.of("deviceId", DEVICE,
                    "sensor", "probe-" + i + "-" + "s".repeat(140), "value", i, "unit", "Cel"));
            written.add((String) stored.get("sk"));
        }

        CloudApi api = TestSystem.cloudApi();
        await("all " + ITEMS + " readings in the cloud").atMost(SYNC_WAIT)
                .until(() -> cloudKeys(api).containsAll(written));
        await("outbox empty").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0);

        TransportStatus status = transport.status();
        assertEquals("nothing refused by the broker", 0, status.refusals());
        assertTrue("the readings needed many batches, sent " + status.messagesOut(), status.messagesOut() >= 10);
        String lastError = sync.status().lastError();
        assertFalse("no batch was too large: " + lastError,
                lastError != null && (lastError.contains("exceeds") || lastError.contains("set aside")));
    }

    private static Set<String> cloudKeys(CloudApi api) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> item : api.items(DEVICE, "Reading", 1000)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) item.get("key");
            keys.add(String.valueOf(key.get("sk")));
        }
        return keys;
    }
}
