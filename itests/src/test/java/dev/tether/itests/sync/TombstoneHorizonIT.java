package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import javax.inject.Inject;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncProgress;
import dev.tether.sync.SyncService;
import dev.tether.sync.SyncStatus;

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
import org.osgi.framework.ServiceReference;

/**
 * The cloud's tombstone horizon (1 s here, purged every second) and the device's full resync: a
 * device away while the cloud deletes and edits items, and the deletes are purged, comes back to
 * "resync required", resyncs its whole scope, and ends up as the cloud is, without losing what it
 * wrote while away. Also the progress a catch-up reports, in small (1 KB) pages.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TombstoneHorizonIT {

    private static final String DEVICE = "horizon-gateway-3";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    /** Only waited for before the tests start; they use {@link #sync()}, which follows the engine across restarts. */
    @Inject
    @Filter(timeout = 60_000)
    private SyncService engineAtStart;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("tombstone-horizon", Map.of(
                "TETHER_CLOUD_TOMBSTONE_HORIZON_SECONDS", "1",
                "TETHER_CLOUD_TOMBSTONE_PURGE_INTERVAL_SECONDS", "1",
                "TETHER_CLOUD_DOWN_MAX_BYTES", "1024"));
        // No session kept while away: what the cloud sends meanwhile is lost, as after a long outage.
        return system.options(system.gateway(DEVICE).set("dev.tether.transport.mqtt", "sessionExpirySeconds", "0"));
    }

    @Test
    public void aDeviceAwayBeyondTheHorizonResyncsFullyAndKeepsWhatItWroteMeanwhile() throws Exception {
        await("connected").atMost(WAIT).until(() -> sync() != null && sync().status().connected());
        Map<String, Object> before = store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-BEFORE"));
        long kept = cloud().put(settings(), Map.of("deviceId", DEVICE, "name", "kept", "value", "1"));
        cloud().put(settings(), Map.of("deviceId", DEVICE, "name", "edited", "value", "old"));
        cloud().put(settings(), Map.of("deviceId", DEVICE, "name", "gone", "value", "1"));
        await("settings on the device").atMost(WAIT).until(() -> setting("gone") != null && setting("edited") != null);
        await("own fault in the cloud").atMost(WAIT).until(() -> store.outbox().depth() == 0
                && cloud().item(DEVICE, "Fault", (String) before.get("pk"), (String) before.get("sk")).isPresent());
        long cursorBefore = sync().status().deviceCursor();
        assertTrue(cursorBefore >= kept);

        Bundle transport = bundle("tether-transport-mqtt");
        transport.stop();
        Map<String, Object> offline;
        long edited;
        try {
            offline = store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-OFFLINE"));
            cloud().delete(settings() + "?pk=Setting%23" + DEVICE + "&sk=Setting%23gone");
            edited = cloud().put(settings(), Map.of("deviceId", DEVICE, "name", "edited", "value", "new"));
            await("the delete purged past the horizon").atMost(WAIT)
                    .until(() -> tombstones().get("watermark").longValue() > cursorBefore);
        } finally {
            transport.start();
        }

        await("the deleted setting is gone").atMost(WAIT).until(() -> setting("gone") == null);
        await("the edited setting is updated").atMost(WAIT).until(() -> "new".equals(valueOf(setting("edited"))));
        assertEquals("1", valueOf(setting("kept")));
        await("the fault written while away reached the cloud").atMost(WAIT).until(() -> cloud()
                .item(DEVICE, "Fault", (String) offline.get("pk"), (String) offline.get("sk")).isPresent());
        assertTrue("the device's own earlier write stays",
                store.get("Fault", Map.of("pk", before.get("pk"), "sk", before.get("sk"))).isPresent());
        assertTrue("the written-while-away fault stays",
                store.get("Fault", Map.of("pk", offline.get("pk"), "sk", offline.get("sk"))).isPresent());

        Map<String, Long> tombstones = tombstones();
        assertTrue(tombstones.toString(), tombstones.get("resyncsRequired") >= 1);
        assertTrue(tombstones.toString(), tombstones.get("fullResyncs") >= 1);
        await("a finished full resync in the status").atMost(WAIT).until(() -> {
            SyncProgress progress = sync().status().progress();
            return progress != null && progress.kind() == SyncProgress.Kind.FULL_RESYNC && !progress.running();
        });
        SyncStatus status = sync().status();
        assertTrue(status.progress().toString(), status.progress().finishedAtEpochMillis() > 0);
        assertTrue("kept, edited and the own fault came down: " + status.progress(), status.progress().itemsDone() >= 3);
        assertEquals(0, status.progress().itemsLeft());
        assertTrue(status.deviceCursor() + " < " + edited, status.deviceCursor() >= edited);
        await("nothing left to send").atMost(WAIT).until(() -> sync().status().oldestPendingAgeMillis() == 0);
    }

    @Test
    public void aCatchUpReportsItsPagesAndItemsAndAHeldBackChangeItsAge() {
        await("connected").atMost(WAIT).until(() -> sync() != null && sync().status().connected());
        int count = 25;
        sync().pause();
        try {
            for (int i = 0; i < count; i++) {
                cloud().put(settings(), Map.of("deviceId", DEVICE, "name", "bulk" + i, "value", "a value of setting " + i));
            }
            store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-HELD"));
            await("the held-back change ages").atMost(WAIT).until(() -> sync().status().oldestPendingAgeMillis() >= 500);
        } finally {
            sync().resume();
        }

        await("all settings on the device").atMost(WAIT).until(() -> setting("bulk" + (count - 1)) != null);
        await("a finished catch-up in the status").atMost(WAIT).until(() -> {
            SyncProgress progress = sync().status().progress();
            return progress != null && progress.kind() == SyncProgress.Kind.CATCH_UP && !progress.running()
                    && progress.itemsDone() >= count;
        });
        SyncProgress progress = sync().status().progress();
        assertTrue("1 KB pages: " + progress, progress.pagesDone() >= 3);
        assertEquals(0, progress.itemsLeft());
        assertTrue(progress.finishedAtEpochMillis() >= progress.startedAtEpochMillis());
        for (int i = 0; i < count; i++) {
            assertNotNull("bulk" + i, setting("bulk" + i));
        }
        await("the held-back change acknowledged").atMost(WAIT).until(() -> sync().status().oldestPendingAgeMillis() == 0);
        assertFalse(sync().status().paused());
    }

    /** The engine now: stopping the transport restarts the engine component. */
    private SyncService sync() {
        ServiceReference<SyncService> reference = context.getServiceReference(SyncService.class);
        return reference == null ? null : context.getService(reference);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private Map<String, Object> setting(String name) {
        return store.get("Setting", Map.of("deviceId", DEVICE, "name", name)).orElse(null);
    }

    private static Object valueOf(Map<String, Object> item) {
        return item == null ? null : item.get("value");
    }

    private static String settings() {
        return "/api/devices/" + DEVICE + "/items/Setting";
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }

    /** The {@code tombstones} section of the cloud's status. */
    private static Map<String, Long> tombstones() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(System.getProperty(TestSystem.CLOUD_HTTP_PROPERTY) + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        Map<String, Object> status = new Gson().fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
        @SuppressWarnings("unchecked")
        Map<String, Number> tombstones = (Map<String, Number>) status.get("tombstones");
        Map<String, Long> values = new java.util.HashMap<>();
        tombstones.forEach((key, value) -> values.put(key, value.longValue()));
        return values;
    }
}
