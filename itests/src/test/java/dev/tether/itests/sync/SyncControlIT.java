package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import javax.inject.Inject;
import javax.sql.DataSource;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.DeadLetter;
import dev.tether.store.LocalStore;
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

/** An operator's controls of the engine: pause and resume, full resync, dead letters, and what status shows. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SyncControlIT {

    private static final String DEVICE = "control-gateway-8";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(value = "(tether.datasource=local)", timeout = 60_000)
    private DataSource dataSource;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("sync-control");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void nothingSyncsWhilePausedAndEverythingAfterResume() {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        sync.pause();
        Map<String, Object> fault = store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-PAUSED"));
        String pk = (String) fault.get("pk");
        String sk = (String) fault.get("sk");

        await("held back while paused").during(Duration.ofSeconds(1)).atMost(SYNC_WAIT)
                .until(() -> cloud().item(DEVICE, "Fault", pk, sk).isEmpty());
        assertTrue(sync.status().paused());
        assertEquals(1, store.outbox().depth());

        sync.resume();
        await("sent after resume").atMost(SYNC_WAIT).until(() -> cloud().item(DEVICE, "Fault", pk, sk).isPresent());
        assertFalse(sync.status().paused());
    }

    @Test
    public void aFullResyncRestoresAnItemTheDeviceLostBehindTheEnginesBack() throws Exception {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        long version = cloud().put("/api/devices/" + DEVICE + "/items/Setting",
                Map.of("deviceId", DEVICE, "name", "interval", "value", "15"));
        Map<String, Object> key = Map.of("deviceId", DEVICE, "name", "interval");
        await("setting on the device").atMost(SYNC_WAIT).until(() -> store.get("Setting", key).isPresent());
        await("cursor moved").atMost(SYNC_WAIT).until(() -> sync.status().deviceCursor() >= version);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM TETHER.SETTING WHERE SK = ?")) {
            delete.setString(1, "Setting#interval");
            assertEquals(1, delete.executeUpdate());
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        assertFalse(store.get("Setting", key).isPresent());

        sync.fullResync();

        await("setting restored by the full resync").atMost(SYNC_WAIT).until(() -> store.get("Setting", key).isPresent());
        assertEquals("15", store.get("Setting", key).orElseThrow().get("value"));
    }

    @Test
    public void aChangeTheCloudRejectsBecomesADeadLetterAndCanBeRetried() {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        long before = sync.status().deadLetters();
        store.put("Fault", Map.of("deviceId", "someone-else", "code", "E-FORGED"));

        await("dead letter").atMost(SYNC_WAIT).until(() -> sync.status().deadLetters() == before + 1);
        DeadLetter letter = store.outbox().deadLetters().list(100).stream()
                .filter(candidate -> candidate.key().pk().equals("Fault#someone-else")).findFirst().orElseThrow();
        assertTrue(letter.reason(), letter.reason().contains("rejected by the cloud"));
        SyncStatus status = sync.status();
        assertTrue(status.lastError(), status.lastError().contains("someone-else"));

        assertTrue(sync.retryDeadLetters() >= 1);
        await("rejected again, so a dead letter again").atMost(SYNC_WAIT)
                .until(() -> sync.status().deadLetters() == before + 1 && store.outbox().depth() == 0);
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }
}
