package dev.tether.cloud.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.tether.cloudstore.CloudConflict;
import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.schema.ConflictPolicy;

import dev.tether.cloud.store.jdbc.testing.PostgresServer;
import dev.tether.cloud.store.jdbc.testing.TestDatabase;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * A device's change is conditional on its base; a concurrent write is settled by the model's policy
 * and logged with both versions. Every test runs against embedded Derby and a real PostgreSQL server.
 */
@RunWith(Parameterized.class)
public class ConflictResolutionTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return List.of(new Object[] {"Derby"}, new Object[] {"PostgreSQL"});
    }

    private static final String DEVICE = "dev-1";
    private static final String CLOUD = "cloud-api";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ItemKey KEY = ItemKey.of("S#1");
    private static final Map<String, ConflictPolicy> POLICIES = Map.of("Lww", ConflictPolicy.LWW, "CloudWins",
            ConflictPolicy.CLOUD_WINS, "DeviceWins", ConflictPolicy.DEVICE_WINS);

    private static PostgresServer postgres;

    @Parameterized.Parameter
    public String databaseKind;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private TestDatabase database;
    private JdbcCloudStore store;

    @BeforeClass
    public static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterClass
    public static void stopPostgres() {
        postgres.close();
    }

    @Before
    public void openStore() throws Exception {
        database = databaseKind.equals("Derby") ? TestDatabase.derby(temp.getRoot().toPath().resolve("db"))
                : TestDatabase.postgres(postgres);
        store = new JdbcCloudStore(database.dataSource(), database.dialect(), Clock.fixed(NOW, ZoneOffset.UTC),
                model -> POLICIES.getOrDefault(model, ConflictPolicy.LWW));
    }

    @After
    public void closeStore() {
        database.close();
    }

    @Test
    public void aChangeOnTheCurrentVersionIsAppliedWithoutConflict() {
        long created = fromDevice(put("Lww", Map.of("v", 1L), null, hlc(10))).version();

        AckResult result = fromDevice(put("Lww", Map.of("v", 2L), created, hlc(20)));

        assertEquals(AckStatus.APPLIED, result.status());
        assertEquals(2L, current("Lww").item().get("v"));
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void lastWriterWinsKeepsTheDeviceWriteWithTheLaterClock() {
        long base = fromDevice(put("Lww", Map.of("v", 1L), null, hlc(10))).version();
        long cloudVersion = fromCloud(put("Lww", Map.of("v", "cloud"), null, hlc(20))).version();

        AckResult result = fromDevice(put("Lww", Map.of("v", "device"), base, hlc(30)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "device"), result.winner());
        assertEquals(DEVICE, result.winnerOrigin());
        assertEquals(hlc(30), result.winnerHlc());
        assertTrue(result.version() > cloudVersion);
        CloudItem stored = current("Lww");
        assertEquals(Map.of("v", "device"), stored.item());
        assertEquals(result.version().longValue(), stored.version());
        assertConflictLogged("Lww", "lww", "device", Map.of("v", "cloud"), Map.of("v", "device"), result.version());
    }

    @Test
    public void lastWriterWinsKeepsTheCloudWriteWithTheLaterClock() {
        long base = fromDevice(put("Lww", Map.of("v", 1L), null, hlc(10))).version();
        long cloudVersion = fromCloud(put("Lww", Map.of("v", "cloud"), null, hlc(30))).version();

        AckResult result = fromDevice(put("Lww", Map.of("v", "device"), base, hlc(20)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "cloud"), result.winner());
        assertEquals(CLOUD, result.winnerOrigin());
        assertEquals(hlc(30), result.winnerHlc());
        assertEquals(cloudVersion, result.version().longValue());
        assertEquals(Map.of("v", "cloud"), current("Lww").item());
        assertEquals(cloudVersion, current("Lww").version());
        assertConflictLogged("Lww", "lww", "cloud", Map.of("v", "cloud"), Map.of("v", "device"), cloudVersion);
    }

    @Test
    public void lastWriterWinsBreaksAClockTieByOrigin() {
        long base = fromDevice(put("Lww", Map.of("v", 1L), null, hlc(10))).version();
        // "cloud-api" sorts before "dev-1": on equal clocks the device wins, whichever arrives first.
        fromCloud(put("Lww", Map.of("v", "cloud"), null, hlc(20)));

        AckResult result = fromDevice(put("Lww", Map.of("v", "device"), base, hlc(20)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "device"), current("Lww").item());
        assertEquals("device", store.conflicts(1).get(0).winner());
    }

    @Test
    public void cloudWinsKeepsTheCloudVersionEvenAgainstALaterDeviceClock() {
        long base = fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10))).version();
        long cloudVersion = fromCloud(put("CloudWins", Map.of("v", "cloud"), null, hlc(20))).version();

        AckResult result = fromDevice(put("CloudWins", Map.of("v", "device"), base, hlc(99)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "cloud"), result.winner());
        assertEquals(cloudVersion, result.version().longValue());
        assertEquals(Map.of("v", "cloud"), current("CloudWins").item());
        assertConflictLogged("CloudWins", "cloud-wins", "cloud", Map.of("v", "cloud"), Map.of("v", "device"), cloudVersion);
    }

    @Test
    public void deviceWinsTakesTheDeviceWriteEvenWithAnEarlierClock() {
        long base = fromDevice(put("DeviceWins", Map.of("v", 1L), null, hlc(10))).version();
        long cloudVersion = fromCloud(put("DeviceWins", Map.of("v", "cloud"), null, hlc(90))).version();

        AckResult result = fromDevice(put("DeviceWins", Map.of("v", "device"), base, hlc(20)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "device"), result.winner());
        assertEquals(DEVICE, result.winnerOrigin());
        assertEquals(hlc(20), result.winnerHlc());
        assertTrue(result.version() > cloudVersion);
        assertEquals(Map.of("v", "device"), current("DeviceWins").item());
        assertConflictLogged("DeviceWins", "device-wins", "device", Map.of("v", "cloud"), Map.of("v", "device"),
                result.version());
    }

    @Test
    public void aWinningCloudDeleteIsAnsweredWithoutAWinnerItem() {
        long base = fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10))).version();
        long deleted = fromCloud(new Change("CloudWins", KEY, Op.DELETE, null, null, hlc(20))).version();

        AckResult result = fromDevice(put("CloudWins", Map.of("v", "device"), base, hlc(30)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertNull(result.winner());
        assertEquals(deleted, result.version().longValue());
        assertTrue(current("CloudWins").deleted());
    }

    @Test
    public void aWinningDeviceDeleteLeavesATombstone() {
        long base = fromDevice(put("DeviceWins", Map.of("v", 1L), null, hlc(10))).version();
        fromCloud(put("DeviceWins", Map.of("v", "cloud"), null, hlc(20)));

        AckResult result = fromDevice(new Change("DeviceWins", KEY, Op.DELETE, null, base, hlc(30)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertNull(result.winner());
        assertTrue(current("DeviceWins").deleted());
        assertEquals(result.version().longValue(), current("DeviceWins").version());
    }

    @Test
    public void creatingAnItemTheCloudAlreadyHoldsIsAConflict() {
        fromCloud(put("CloudWins", Map.of("v", "cloud"), null, hlc(20)));

        AckResult result = fromDevice(put("CloudWins", Map.of("v", "device"), null, hlc(30)));

        assertEquals(AckStatus.CONFLICT, result.status());
        assertEquals(Map.of("v", "cloud"), result.winner());
    }

    @Test
    public void aRetransmittedWinningWriteIsAnsweredWithTheConflictAgainAndLoggedOnce() {
        // the ack of the conflict was lost: a duplicate's answer would leave the conflict out of the device's log
        long base = fromDevice(put("DeviceWins", Map.of("v", 1L), null, hlc(10))).version();
        fromCloud(put("DeviceWins", Map.of("v", "cloud"), null, hlc(20)));
        Change concurrent = put("DeviceWins", Map.of("v", "device"), base, hlc(30));
        AckResult first = fromDevice(concurrent);

        AckResult again = fromDevice(concurrent);

        assertEquals(AckStatus.CONFLICT, first.status());
        assertEquals(first, again);
        assertEquals(Map.of("v", "device"), again.winner());
        assertEquals(DEVICE, again.winnerOrigin());
        assertEquals(1, store.conflicts(10).size());
    }

    @Test
    public void aWinningWriteRetransmittedAfterALaterCloudWriteIsAnsweredWithTheItemAsItIsNow() {
        long base = fromDevice(put("DeviceWins", Map.of("v", 1L), null, hlc(10))).version();
        fromCloud(put("DeviceWins", Map.of("v", "cloud"), null, hlc(20)));
        Change concurrent = put("DeviceWins", Map.of("v", "device"), base, hlc(30));
        fromDevice(concurrent);
        long later = fromCloud(put("DeviceWins", Map.of("v", "cloud again"), null, hlc(40))).version();

        AckResult again = fromDevice(concurrent);

        assertEquals(AckStatus.CONFLICT, again.status());
        assertEquals(later, again.version().longValue());
        assertEquals(Map.of("v", "cloud again"), again.winner());
        assertEquals(Map.of("v", "cloud again"), current("DeviceWins").item());
        assertEquals(1, store.conflicts(10).size());
    }

    @Test
    public void aRetransmittedAppliedWriteStaysADuplicate() {
        Change written = put("Lww", Map.of("v", 1L), null, hlc(10));
        AckResult first = fromDevice(written);

        AckResult again = fromDevice(written);

        assertEquals(AckStatus.DUPLICATE, again.status());
        assertEquals(first.version(), again.version());
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void aLateCopyOfAnAppliedDeviceWriteIsADuplicateAfterTheCloudWroteTheItemToo() {
        // device-wins: taken for a new concurrent write, the late copy would replace the cloud's later write
        Change written = put("DeviceWins", Map.of("v", "device"), null, hlc(10));
        fromDevice(written);
        long cloudVersion = fromCloud(put("DeviceWins", Map.of("v", "cloud"), null, hlc(20))).version();

        AckResult late = fromDevice(written);

        assertEquals(AckStatus.DUPLICATE, late.status());
        assertEquals(cloudVersion, late.version().longValue());
        assertEquals(Map.of("v", "cloud"), current("DeviceWins").item());
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void aRetransmittedLosingWriteIsAnsweredWithTheConflictAgainAndLoggedOnce() {
        long base = fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10))).version();
        long cloudVersion = fromCloud(put("CloudWins", Map.of("v", "cloud"), null, hlc(20))).version();
        Change losing = put("CloudWins", Map.of("v", "device"), base, hlc(30));
        AckResult first = fromDevice(losing);

        AckResult again = fromDevice(losing);

        assertEquals(first, again);
        assertEquals(AckStatus.CONFLICT, again.status());
        assertEquals(Map.of("v", "cloud"), again.winner());
        assertEquals(cloudVersion, again.version().longValue());
        assertEquals(1, store.conflicts(10).size());
    }

    @Test
    public void anOlderWriteOfTheSameDeviceIsSupersededNotAConflict() {
        long base = fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10))).version();
        fromDevice(put("CloudWins", Map.of("v", 2L), base, hlc(30)));

        AckResult late = fromDevice(put("CloudWins", Map.of("v", "late"), base, hlc(20)));

        assertEquals(AckStatus.DUPLICATE, late.status());
        assertEquals(2L, current("CloudWins").item().get("v"));
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void aNewerWriteOfTheSameDeviceOnAnOlderBaseFollowsItsOwnWrite() {
        // the ack of the first write was lost and the device restarted: its next write still has no base
        fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10)));

        AckResult next = fromDevice(put("CloudWins", Map.of("v", 2L), null, hlc(20)));

        assertEquals(AckStatus.APPLIED, next.status());
        assertEquals(2L, current("CloudWins").item().get("v"));
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void cloudWritesAreNotConditional() {
        fromDevice(put("CloudWins", Map.of("v", 1L), null, hlc(10)));

        AckResult result = fromCloud(put("CloudWins", Map.of("v", "cloud"), null, hlc(5)));

        assertEquals(AckStatus.APPLIED, result.status());
        assertEquals(Map.of("v", "cloud"), current("CloudWins").item());
        assertTrue(store.conflicts(10).isEmpty());
    }

    @Test
    public void aModelWithoutAPolicyIsSettledByLastWriterWins() {
        long base = fromDevice(put("Other", Map.of("v", 1L), null, hlc(10))).version();
        fromCloud(put("Other", Map.of("v", "cloud"), null, hlc(30)));

        fromDevice(put("Other", Map.of("v", "device"), base, hlc(20)));

        assertEquals(Map.of("v", "cloud"), current("Other").item());
        assertEquals("lww", store.conflicts(1).get(0).policy());
    }

    private void assertConflictLogged(String model, String policy, String winner, Map<String, Object> cloudItem,
            Map<String, Object> deviceItem, long version) {
        List<CloudConflict> conflicts = store.conflicts(10);
        assertEquals(1, conflicts.size());
        CloudConflict conflict = conflicts.get(0);
        assertEquals(NOW, conflict.recordedAt());
        assertEquals(DEVICE, conflict.scope());
        assertEquals(model, conflict.model());
        assertEquals(KEY, conflict.key());
        assertEquals(DEVICE, conflict.device());
        assertEquals(policy, conflict.policy());
        assertEquals(winner, conflict.winner());
        Map<String, Object> detail = detailOf(conflict);
        Map<?, ?> cloudSide = (Map<?, ?>) detail.get("cloud");
        Map<?, ?> deviceSide = (Map<?, ?>) detail.get("device");
        assertEquals(cloudItem, cloudSide.get("item"));
        assertEquals(CLOUD, cloudSide.get("origin"));
        assertEquals(deviceItem, deviceSide.get("item"));
        assertEquals(DEVICE, deviceSide.get("origin"));
        assertTrue(deviceSide.get("base") instanceof Long);
        assertTrue(cloudSide.get("hlc") instanceof String && deviceSide.get("hlc") instanceof String);
        assertEquals(version, detail.get("version"));
    }

    private static Map<String, Object> detailOf(CloudConflict conflict) {
        try {
            return new ProtocolCodec().itemFromJson(conflict.detail());
        } catch (ProtocolException e) {
            throw new AssertionError("the conflict's detail is not JSON: " + conflict.detail(), e);
        }
    }

    private AckResult fromDevice(Change change) {
        return store.apply(DEVICE, DEVICE, List.of(change)).get(0);
    }

    private AckResult fromCloud(Change change) {
        return store.applyFromCloud(CLOUD, DEVICE, List.of(change)).get(0);
    }

    private CloudItem current(String model) {
        return store.get(DEVICE, model, KEY).orElseThrow();
    }

    private static Change put(String model, Map<String, Object> item, Long base, String hlc) {
        return new Change(model, KEY, Op.PUT, item, base, hlc);
    }

    private static String hlc(long millis) {
        return new Hlc(1_700_000_000_000L + millis, 0).toString();
    }
}
