package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.store.Query;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Initial sync: a gateway whose store was filled before the engine ever ran (the engine bundle is
 * installed only later) pushes all of it on its first connect, and with an empty down side pulls
 * its whole scope — its own items and the shared ones, nobody else's — that the cloud held before
 * the device existed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InitialSyncIT {

    private static final String DEVICE = "initial-gateway-1";
    private static final String OTHER_DEVICE = "initial-gateway-2";
    private static final int CLOUD_SETTINGS = 240;
    private static final int OTHER_DEVICE_SETTINGS = 15;
    private static final int SHARED_FIRMWARE = 12;
    private static final int LOCAL_READINGS = 500;
    private static final int LOCAL_FAULTS = 40;
    private static final Duration SYNC_WAIT = Duration.ofSeconds(90);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("initial-sync");
        CloudApi api = system.cloud();
        for (int i = 0; i < CLOUD_SETTINGS; i++) {
            api.put("/api/devices/" + DEVICE + "/items/Setting", Map.of("deviceId", DEVICE, "name", "s" + i, "value", "v" + i));
        }
        for (int i = 0; i < OTHER_DEVICE_SETTINGS; i++) {
            api.put("/api/devices/" + OTHER_DEVICE + "/items/Setting",
                    Map.of("deviceId", OTHER_DEVICE, "name", "s" + i, "value", "not yours"));
        }
        for (int i = 0; i < SHARED_FIRMWARE; i++) {
            api.put("/api/shared/items/Firmware", Map.of("version", "1.0." + i, "url", "https://firmware.example/" + i));
        }
        return system.options(system.gateway(DEVICE),
                Map.of("itest.replication.jar", replicationJar(TestSystem.distribution()).toUri().toString()),
                jarName -> jarName.startsWith("tether-replication-"));
    }

    @Test
    public void aNewDevicePushesItsExistingDataAndPullsItsWholeScopeOnItsFirstConnect() throws Exception {
        writeLocalDataWithoutAnEngine();
        assertEquals("every write waits in the outbox", LOCAL_READINGS + LOCAL_FAULTS, store.outbox().depth());
        assertEquals(0, store.count(Query.of("Setting")));

        SyncService sync = startTheEngine();

        await("the local data in the cloud").atMost(SYNC_WAIT).until(() ->
                cloud().items(DEVICE, "Reading", 1_000).size() == LOCAL_READINGS
                        && cloud().items(DEVICE, "Fault", 1_000).size() == LOCAL_FAULTS);
        await("the outbox drained").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0);
        await("the device's scope on the device").atMost(SYNC_WAIT).until(() ->
                store.count(Query.of("Setting")) == CLOUD_SETTINGS
                        && store.count(Query.of("Firmware")) == SHARED_FIRMWARE
                        && !sync.status().catchingUp());

        assertEquals("v17", store.get("Setting", Map.of("deviceId", DEVICE, "name", "s17")).orElseThrow().get("value"));
        assertEquals("https://firmware.example/3", store.get("Firmware", Map.of("version", "1.0.3")).orElseThrow().get("url"));
        assertFalse("another device's items stay out of this device's store",
                store.get("Setting", Map.of("deviceId", OTHER_DEVICE, "name", "s0")).isPresent());
        assertEquals(CLOUD_SETTINGS, store.count(Query.of("Setting")));
        Map<String, Object> reading = cloud().itemContent(DEVICE, "Reading", "Reading#" + DEVICE, "Reading#r-00123");
        assertEquals(123L, ((Number) reading.get("value")).longValue());
        assertNull("nothing failed on the way", sync.status().lastError());
    }

    private void writeLocalDataWithoutAnEngine() {
        for (int start = 0; start < LOCAL_READINGS; start += 100) {
            int first = start;
            store.transaction(transaction -> {
                for (int i = first; i < first + 100; i++) {
                    transaction.upsert("Reading", Map.of("deviceId", DEVICE, "id", String.format("r-%05d", i),
                            "sensor", "t1", "value", i, "unit", "C", "at", "2026-11-26T09:00:00Z"));
                }
                return null;
            });
        }
        for (int i = 0; i < LOCAL_FAULTS; i++) {
            store.put("Fault", Map.of("deviceId", DEVICE, "id", "f-" + i, "code", "E" + i, "severity", "info", "active", true));
        }
    }

    private SyncService startTheEngine() throws Exception {
        Bundle engine = context.installBundle(System.getProperty("itest.replication.jar"));
        engine.start();
        ServiceTracker<SyncService, SyncService> tracker = new ServiceTracker<>(context, SyncService.class, null);
        tracker.open();
        SyncService sync = tracker.waitForService(60_000);
        if (sync == null) {
            throw new AssertionError("the engine's SyncService did not appear within 60 s of starting " + engine.getSymbolicName());
        }
        return sync;
    }

    private static Path replicationJar(Path distribution) throws IOException {
        try (Stream<Path> jars = Files.list(distribution.resolve("gateway/bundle"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("tether-replication-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no tether-replication jar in " + distribution));
        }
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }
}
