package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The down direction end to end: items written through the cloud API reach the gateway's store —
 * device-scoped ones on the device's stream, shared ones on the all-devices stream, and what was
 * written while the gateway was cut off by catch-up after it reconnects — without coming back up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DownSyncIT {

    private static final String DEVICE = "down-gateway-4";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("down-sync");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void aDeviceItemWrittenInTheCloudIsAppliedOnTheDeviceAndDoesNotComeBack() {
        await("gateway connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        long version = cloud().put("/api/devices/" + DEVICE + "/items/Setting",
                Map.of("deviceId", DEVICE, "name", "mode", "value", "eco"));

        Map<String, Object> local = awaitLocal("Setting", Map.of("deviceId", DEVICE, "name", "mode"));

        assertEquals("eco", local.get("value"));
        assertEquals("Setting#" + DEVICE, local.get("pk"));
        assertEquals(0, store.outbox().depth());
        long sentBefore = sync.status().changesSent();
        await("no echo").during(Duration.ofMillis(500)).atMost(SYNC_WAIT)
                .until(() -> sync.status().changesSent() == sentBefore && store.outbox().depth() == 0);
        assertEquals(version, ((Number) cloud().item(DEVICE, "Setting", "Setting#" + DEVICE, "Setting#mode")
                .orElseThrow().get("version")).longValue());
    }

    @Test
    public void aSharedItemWrittenInTheCloudReachesTheDevice() {
        await("gateway connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        cloud().put("/api/shared/items/Firmware", Map.of("version", "3.1.4", "url", "https://firmware.example/3.1.4"));

        Map<String, Object> local = awaitLocal("Firmware", Map.of("version", "3.1.4"));

        assertEquals("https://firmware.example/3.1.4", local.get("url"));
    }

    @Test
    public void whatTheCloudWroteWhileTheGatewayWasCutOffArrivesAfterItReconnects() throws Exception {
        MosquittoBroker broker = TestSystem.broker();
        broker.stop();
        await("gateway sees the broker gone").atMost(SYNC_WAIT).until(() -> !sync.status().connected());

        cloud().put("/api/devices/" + DEVICE + "/items/Setting", Map.of("deviceId", DEVICE, "name", "offline", "value", "1"));
        cloud().put("/api/shared/items/Firmware", Map.of("version", "9.9.9"));
        assertFalse(store.get("Setting", Map.of("deviceId", DEVICE, "name", "offline")).isPresent());

        broker.restart();

        assertEquals("1", awaitLocal("Setting", Map.of("deviceId", DEVICE, "name", "offline")).get("value"));
        awaitLocal("Firmware", Map.of("version", "9.9.9"));
    }

    private Map<String, Object> awaitLocal(String model, Map<String, Object> key) {
        await(model + " " + key + " on the device").atMost(SYNC_WAIT)
                .until(() -> store.get(model, key).isPresent());
        Optional<Map<String, Object>> item = store.get(model, key);
        return item.orElseThrow();
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }
}
