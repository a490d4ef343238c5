package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.inject.Inject;
import javax.sql.DataSource;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.protocol.Hlc;
import dev.tether.store.LocalConflict;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.util.Filter;

/**
 * A gateway whose clock is far off the cloud's (the engine's test-only clock offset, which shifts its
 * wall clock and the capture times of its writes alike): edits of one item made one after the other,
 * each after the previous one synced, alternately on the device and in the cloud, all win in order and
 * none is a conflict; only edits made truly concurrently (the device cut off) are, and the model's
 * policy settles them. Subclasses choose the offset.
 */
public abstract class ClockSkewScenario {

    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);
    static final long YEAR_MILLIS = 365L * 24 * 60 * 60 * 1000;

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(value = "(tether.datasource=local)", timeout = 60_000)
    private DataSource dataSource;

    /** How far the gateway's clock is ahead of the cloud's (negative: behind). */
    protected abstract long clockOffsetMillis();

    /** The device id, one per subclass. */
    protected abstract String device();

    /**
     * Who wins a truly concurrent edit under last-writer-wins, made on the device first and in the
     * cloud a moment later: with a clock behind, the device's HLC stays at the latest cloud time it has
     * seen, so the cloud's later edit wins; with a clock ahead, the device's edit is dated in the future
     * and wins.
     */
    protected abstract String expectedLwwWinner();

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("clock-skew-" + device());
        return OptionUtils.combine(system.options(system.gateway(device())),
                frameworkProperty("tether.replication.test.clockOffsetMillis").value(Long.toString(clockOffsetMillis())));
    }

    @Test
    public void sequentialEditsFromEitherSideAllWinInOrderWithoutAConflict() {
        await("gateway connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        long deviceConflictsBefore = sync.conflictCount();
        int cloudConflictsBefore = cloud().conflicts().size();

        // lww: a false conflict would let the edit with the earlier-looking clock lose
        Map<String, Object> fault = Map.of("deviceId", device(), "id", "sequential", "code", "E-0", "severity", "info");
        Item lww = new Item("Fault", "Fault#" + device(), "Fault#sequential", Map.of("deviceId", device(), "id", "sequential"));
        editInTurns(lww, fault, "code");

        // cloud-wins: a false conflict would drop every device edit after a cloud edit
        Map<String, Object> threshold = Map.of("deviceId", device(), "sensor", "pressure", "enabled", true);
        Item cloudWins = new Item("Threshold", "Threshold#" + device(), "Threshold#pressure",
                Map.of("deviceId", device(), "sensor", "pressure"));
        editInTurns(cloudWins, threshold, "owner");

        assertEquals("no conflict on the device", deviceConflictsBefore, sync.conflictCount());
        assertEquals("no conflict in the cloud", cloudConflictsBefore, cloud().conflicts().size());
    }

    @Test
    public void onlyATrulyConcurrentEditIsAConflictAndThePolicySettlesIt() throws Exception {
        await("gateway connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        Item lww = new Item("Fault", "Fault#" + device(), "Fault#concurrent", Map.of("deviceId", device(), "id", "concurrent"));
        Item cloudWins = new Item("Threshold", "Threshold#" + device(), "Threshold#flow",
                Map.of("deviceId", device(), "sensor", "flow"));
        Map<String, Object> fault = Map.of("deviceId", device(), "id", "concurrent", "code", "E-0");
        Map<String, Object> threshold = Map.of("deviceId", device(), "sensor", "flow", "owner", Map.of("team", "start"));
        store.put(lww.model, fault);
        store.put(cloudWins.model, threshold);
        await("both items in the cloud").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0
                && inCloud(lww) != null && inCloud(cloudWins) != null);
        long conflictsBefore = sync.conflictCount();

        MosquittoBroker broker = TestSystem.broker();
        broker.stop();
        await("gateway sees the broker gone").atMost(SYNC_WAIT).until(() -> !sync.status().connected());
        long realMillisBeforeEdit = System.currentTimeMillis();
        store.put(lww.model, with(fault, "code", "E-device"));
        store.put(cloudWins.model, with(threshold, "owner", Map.of("team", "device")));
        cloud().put(device(), lww.model, with(fault, "code", "E-cloud"));
        cloud().put(device(), cloudWins.model, with(threshold, "owner", Map.of("team", "cloud")));
        broker.restart();

        await("both conflicts settled, both sides alike").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0
                && sync.conflictCount() == conflictsBefore + 2
                && sameOnBothSides(lww) && sameOnBothSides(cloudWins));
        assertEquals("E-" + expectedLwwWinner(), onDevice(lww).get("code"));
        assertEquals(Map.of("team", "cloud"), onDevice(cloudWins).get("owner"));

        Map<String, Object> lwwConflict = cloudConflictOf(lww);
        assertEquals("lww", lwwConflict.get("policy"));
        assertEquals(expectedLwwWinner(), lwwConflict.get("winner"));
        assertEquals("cloud", cloudConflictOf(cloudWins).get("winner"));
        // the device records who wrote the winning write and when, as the cloud does
        assertSameWriteRecorded(cloudWins);
        if ("cloud".equals(expectedLwwWinner())) {
            assertSameWriteRecorded(lww);
        }
        LocalConflict local = store.inbound().conflicts(100).stream()
                .filter(conflict -> conflict.key().sk().equals(lww.sk)).findFirst().orElseThrow();
        assertEquals("device".equals(expectedLwwWinner()), local.deviceWon());
        assertEquals("E-device", local.local().get("code"));
        long physical = Hlc.parse(local.localHlc()).physicalMillis();
        if (clockOffsetMillis() < 0) {
            assertTrue("dated by the latest cloud time seen, not the (real) time of the edit: " + local.localHlc(),
                    physical < realMillisBeforeEdit);
        } else {
            assertTrue("dated by the skewed clock: " + local.localHlc(),
                    physical >= realMillisBeforeEdit + clockOffsetMillis() - 60_000);
        }
    }

    /**
     * Device, cloud, device, cloud, device: each edit of {@code field} made only after the previous one
     * reached the other side; each must arrive and stay.
     */
    private void editInTurns(Item item, Map<String, Object> initial, String field) {
        String previousHlc = null;
        for (int turn = 1; turn <= 5; turn++) {
            boolean onDevice = turn % 2 == 1;
            Object value = "owner".equals(field) ? Map.of("team", "turn-" + turn) : "E-" + turn;
            Map<String, Object> edited = with(initial, field, value);
            if (onDevice) {
                store.put(item.model, edited);
            } else {
                cloud().put(device(), item.model, edited);
            }
            String where = (onDevice ? "device" : "cloud") + " edit " + turn + " of " + item.model;
            await(where + " on both sides").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0
                    && Objects.equals(value, fieldOf(onDevice(item), field))
                    && Objects.equals(value, fieldOf(inCloud(item), field)));
            Map<String, Object> record = cloud().item(device(), item.model, item.pk, item.sk).orElseThrow();
            assertEquals(where + " stored as written by", onDevice ? device() : "cloud-api", record.get("origin"));
            String hlc = (String) record.get("hlc");
            if (onDevice && previousHlc != null) {
                // the device absorbed the cloud's clock: its edit is dated after the one it saw, whatever its wall clock says
                assertTrue(where + ": " + hlc + " after " + previousHlc, hlc.compareTo(previousHlc) > 0);
            }
            previousHlc = hlc;
        }
        await(item.model + " stays at the last edit").during(Duration.ofSeconds(1)).atMost(SYNC_WAIT)
                .until(() -> Objects.equals(fieldOf(onDevice(item), field), fieldOf(inCloud(item), field)));
    }

    private void assertSameWriteRecorded(Item item) throws SQLException {
        Map<String, Object> record = cloud().item(device(), item.model, item.pk, item.sk).orElseThrow();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT TETHER_ORIGIN, TETHER_HLC FROM TETHER."
                        + item.model.toUpperCase(java.util.Locale.ROOT) + " WHERE PK = ? AND SK = ?")) {
            select.setString(1, item.pk);
            select.setString(2, item.sk);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(item.sk + " on the device", row.next());
                assertEquals(item.sk + ": origin of the winning write", record.get("origin"), row.getString(1));
                assertEquals(item.sk + ": HLC of the winning write", record.get("hlc"), row.getString(2));
            }
        }
    }

    private boolean sameOnBothSides(Item item) {
        Map<String, Object> local = onDevice(item);
        Map<String, Object> remote = inCloud(item);
        return local != null && remote != null && Objects.equals(local.get("code"), remote.get("code"))
                && Objects.equals(local.get("owner"), remote.get("owner"));
    }

    private Map<String, Object> cloudConflictOf(Item item) {
        List<Map<String, Object>> conflicts = cloud().conflicts();
        return conflicts.stream().filter(conflict -> item.sk.equals(((Map<?, ?>) conflict.get("key")).get("sk")))
                .findFirst().orElseThrow(() -> new AssertionError("no cloud conflict for " + item.sk + " in " + conflicts));
    }

    private Map<String, Object> onDevice(Item item) {
        return store.get(item.model, item.key).orElse(null);
    }

    private Map<String, Object> inCloud(Item item) {
        return cloud().itemContent(device(), item.model, item.pk, item.sk);
    }

    private static Object fieldOf(Map<String, Object> item, String field) {
        return item == null ? null : item.get(field);
    }

    private static Map<String, Object> with(Map<String, Object> item, String field, Object value) {
        Map<String, Object> edited = new java.util.HashMap<>(item);
        edited.put(field, value);
        return edited;
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }

    private record Item(String model, String pk, String sk, Map<String, Object> key) {
    }
}
