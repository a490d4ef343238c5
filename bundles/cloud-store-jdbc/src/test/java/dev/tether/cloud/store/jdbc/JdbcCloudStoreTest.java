package dev.tether.cloud.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

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

/** Every test runs against embedded Derby and against a real PostgreSQL server. */
@RunWith(Parameterized.class)
public class JdbcCloudStoreTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return List.of(new Object[] {"Derby"}, new Object[] {"PostgreSQL"});
    }

    private static PostgresServer postgres;

    @Parameterized.Parameter
    public String databaseKind;

    private static final String DEVICE = "dev-1";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private TestDatabase database;
    private JdbcCloudStore store;
    private int nextHlc = 1;

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
        store = newStore();
    }

    @After
    public void closeStore() {
        database.close();
    }

    @Test
    public void putThenGetKeepsContentAndTypes() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("count", 42L);
        item.put("big", 9_007_199_254_740_993L);
        item.put("temperature", 21.5);
        item.put("ratio", 2.0);
        item.put("ok", true);
        item.put("none", null);
        item.put("text", "Grüße <&> \"quoted\" ✓");
        item.put("tags", List.of("a", "b"));
        item.put("nested", Map.of("depth", 2L, "list", List.of(1L, 2.5)));
        ItemKey key = new ItemKey("Reading#dev-1", "Reading#0001");
        String hlc = hlc();

        List<AckResult> results = store.apply(DEVICE, DEVICE, List.of(put("Reading", key, item, hlc)));

        assertEquals(AckStatus.APPLIED, results.get(0).status());
        CloudItem stored = store.get(DEVICE, "Reading", key).orElseThrow();
        Map<String, Object> expected = new LinkedHashMap<>(item);
        expected.remove("none"); // JSON null members are not kept, as on the wire
        assertEquals(expected, stored.item());
        assertEquals(Long.class, stored.item().get("count").getClass());
        assertEquals(9_007_199_254_740_993L, stored.item().get("big"));
        assertEquals(Double.class, stored.item().get("temperature").getClass());
        assertEquals(Double.class, stored.item().get("ratio").getClass());
        assertEquals(results.get(0).version().longValue(), stored.version());
        assertEquals(DEVICE, stored.origin());
        assertEquals(hlc, stored.hlc());
        assertEquals(DEVICE, stored.scope());
        assertEquals(key, stored.key());
        assertFalse(stored.deleted());
    }

    @Test
    public void versionsStrictlyIncreaseAcrossItemsWritesAndRestarts() throws Exception {
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            versions.add(applyOne(put("Fault", ItemKey.of("F#" + i), Map.of("n", (long) i))).version());
        }
        versions.add(applyOne(put("Fault", ItemKey.of("F#0"), Map.of("n", 10L))).version());
        versions.add(applyOne(delete("Fault", ItemKey.of("F#1"))).version());

        database.restart();
        store = newStore();
        versions.add(applyOne(put("Fault", ItemKey.of("F#2"), Map.of("n", 20L))).version());

        for (int i = 1; i < versions.size(); i++) {
            assertTrue("versions " + versions, versions.get(i) > versions.get(i - 1));
        }
        assertEquals(20L, store.get(DEVICE, "Fault", ItemKey.of("F#2")).orElseThrow().item().get("n"));
        assertEquals(versions.get(3).longValue(), store.get(DEVICE, "Fault", ItemKey.of("F#0")).orElseThrow().version());
    }

    @Test
    public void theSameWriteTwiceIsADuplicateAndNotAppliedAgain() {
        ItemKey key = ItemKey.of("S#1");
        Change first = new Change("Setting", key, Op.PUT, Map.of("value", 1L), null, new Hlc(1_000, 2).toString());
        long version = applyOne(first).version();

        // the same write, retransmitted with its HLC in a non-canonical spelling, in a later batch
        Change again = new Change("Setting", key, Op.PUT, Map.of("value", 1L), null, "1000-2");
        AckResult duplicate = applyOne(again);

        assertEquals(AckStatus.DUPLICATE, duplicate.status());
        assertEquals(version, duplicate.version().longValue());
        assertEquals(version, store.get(DEVICE, "Setting", key).orElseThrow().version());
        assertEquals(1L, store.devices().get(0).changesApplied());
    }

    @Test
    public void theSameHlcFromAnotherOriginIsANewWrite() {
        ItemKey key = ItemKey.of("S#1");
        String hlc = hlc();
        long first = store.apply("dev-1", "site", List.of(put("Setting", key, Map.of("v", 1L), hlc))).get(0).version();

        AckResult other = store.apply("dev-2", "site",
                List.of(new Change("Setting", key, Op.PUT, Map.of("v", 2L), first, hlc))).get(0);

        assertEquals(AckStatus.APPLIED, other.status());
        assertTrue(other.version() > first);
        assertEquals("dev-2", store.get("site", "Setting", key).orElseThrow().origin());
    }

    @Test
    public void aDeleteLeavesATombstoneThatListDoesNotShow() {
        long created = applyOne(put("Fault", ItemKey.of("F#1"), Map.of("code", 1L))).version();
        applyOne(put("Fault", ItemKey.of("F#2"), Map.of("code", 2L)));

        AckResult deleted = applyOne(new Change("Fault", ItemKey.of("F#1"), Op.DELETE, null, created, hlc()));

        assertEquals(AckStatus.APPLIED, deleted.status());
        CloudItem tombstone = store.get(DEVICE, "Fault", ItemKey.of("F#1")).orElseThrow();
        assertTrue(tombstone.deleted());
        assertNull(tombstone.item());
        assertEquals(deleted.version().longValue(), tombstone.version());
        assertEquals(List.of(ItemKey.of("F#2")), keys(store.list(DEVICE, "Fault", 100)));
    }

    @Test
    public void deletingAnUnknownItemStillRecordsATombstone() {
        AckResult deleted = applyOne(delete("Fault", ItemKey.of("F#never")));

        assertEquals(AckStatus.APPLIED, deleted.status());
        assertTrue(store.get(DEVICE, "Fault", ItemKey.of("F#never")).orElseThrow().deleted());
    }

    @Test
    public void aPutAfterADeleteRevivesTheItem() {
        applyOne(put("Fault", ItemKey.of("F#1"), Map.of("code", 1L)));
        applyOne(delete("Fault", ItemKey.of("F#1")));

        applyOne(put("Fault", ItemKey.of("F#1"), Map.of("code", 3L)));

        CloudItem revived = store.get(DEVICE, "Fault", ItemKey.of("F#1")).orElseThrow();
        assertFalse(revived.deleted());
        assertEquals(3L, revived.item().get("code"));
        assertEquals(1, store.list(DEVICE, "Fault", 10).size());
    }

    @Test
    public void itemsWithAndWithoutSortKeyListInKeyOrderUpToTheLimit() {
        store.apply(DEVICE, DEVICE, List.of(
                put("Reading", new ItemKey("b", "2"), Map.of("v", 4L)),
                put("Reading", ItemKey.of("b"), Map.of("v", 3L)),
                put("Reading", new ItemKey("a", "1"), Map.of("v", 2L)),
                put("Reading", ItemKey.of("c"), Map.of("v", 5L)),
                put("Other", ItemKey.of("a"), Map.of("v", 1L))));

        assertEquals(List.of(new ItemKey("a", "1"), ItemKey.of("b"), new ItemKey("b", "2"), ItemKey.of("c")),
                keys(store.list(DEVICE, "Reading", 100)));
        assertEquals(List.of(new ItemKey("a", "1"), ItemKey.of("b")), keys(store.list(DEVICE, "Reading", 2)));
        assertNull(store.get(DEVICE, "Reading", ItemKey.of("b")).orElseThrow().key().sk());
        assertEquals(3L, store.get(DEVICE, "Reading", ItemKey.of("b")).orElseThrow().item().get("v"));
        assertTrue(store.get(DEVICE, "Reading", ItemKey.of("a")).isEmpty());
        assertTrue(store.list("dev-2", "Reading", 100).isEmpty());
    }

    @Test
    public void aBatchIsAtomic() throws Exception {
        // An honest database failure in the middle of a batch: a constraint the second change breaks.
        try (Connection connection = database.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE tether_items ADD CONSTRAINT test_no_poison CHECK (pk <> 'poison')");
        }
        applyOne(put("Fault", ItemKey.of("F#existing"), Map.of("code", 1L)));
        long devicesBatchesBefore = store.devices().get(0).batches();

        JdbcCloudStoreException failure = assertThrows(JdbcCloudStoreException.class, () -> store.apply(DEVICE, DEVICE, List.of(
                put("Fault", ItemKey.of("F#new"), Map.of("code", 2L)),
                put("Fault", ItemKey.of("F#existing"), Map.of("code", 3L)),
                put("Fault", ItemKey.of("poison"), Map.of("code", 4L)))));

        assertTrue(failure.getMessage(), failure.getMessage().toUpperCase(java.util.Locale.ROOT).contains("TEST_NO_POISON"));
        assertTrue(store.get(DEVICE, "Fault", ItemKey.of("F#new")).isEmpty());
        assertEquals(1L, store.get(DEVICE, "Fault", ItemKey.of("F#existing")).orElseThrow().item().get("code"));
        assertEquals(devicesBatchesBefore, store.devices().get(0).batches());
    }

    @Test
    public void aChangeTheStoreCannotHoldIsRejectedAndTheRestApplied() {
        String tooLong = "k".repeat(1025);
        List<AckResult> results = store.apply(DEVICE, DEVICE, List.of(
                put("Fault", ItemKey.of("F#1"), Map.of("code", 1L)),
                put("Fault", ItemKey.of(tooLong), Map.of("code", 2L)),
                new Change("Fault", ItemKey.of("F#3"), Op.PUT, Map.of(), null, "yesterday")));

        assertEquals(AckStatus.APPLIED, results.get(0).status());
        assertEquals(AckStatus.REJECTED, results.get(1).status());
        assertEquals("'key.pk' is longer than 1024 characters", results.get(1).error());
        assertNull(results.get(1).version());
        assertEquals(AckStatus.REJECTED, results.get(2).status());
        assertTrue(results.get(2).error(), results.get(2).error().startsWith("'hlc': not an HLC timestamp"));
        assertEquals(1, store.list(DEVICE, "Fault", 10).size());
        assertTrue(store.get(DEVICE, "Fault", ItemKey.of(tooLong)).isEmpty());
    }

    @Test
    public void anOverlongDeviceIdRejectsEveryChange() {
        String device = "d".repeat(129);

        List<AckResult> results = store.apply(device, device, List.of(put("Fault", ItemKey.of("F#1"), Map.of())));

        assertEquals(AckStatus.REJECTED, results.get(0).status());
        assertTrue(results.get(0).error(), results.get(0).error().contains("longer than 128 characters"));
        assertTrue(store.devices().isEmpty());
    }

    @Test
    public void keysUpToTheLimitFitEvenWithMultiByteCharacters() {
        ItemKey key = new ItemKey("ü".repeat(1024), "✓".repeat(1024));

        assertEquals(AckStatus.APPLIED, applyOne(put("Fault", key, Map.of("x", 1L))).status());

        assertEquals(key, store.get(DEVICE, "Fault", key).orElseThrow().key());
    }

    @Test
    public void devicesRecordBatchesAppliedChangesAndLastSeen() {
        store.apply("dev-1", "dev-1", List.of(put("Fault", ItemKey.of("F#1"), Map.of()), put("Fault", ItemKey.of("F#2"), Map.of())));
        Change once = put("Fault", ItemKey.of("F#3"), Map.of());
        store.apply("dev-2", "dev-2", List.of(once));
        store.apply("dev-2", "dev-2", List.of(once));

        List<DeviceActivity> devices = store.devices();

        assertEquals(List.of(new DeviceActivity("dev-1", NOW, 1, 2), new DeviceActivity("dev-2", NOW, 2, 1)), devices);
    }

    @Test
    public void aDatabaseFromBeforeTheConflictOutcomeColumnGetsItAndKeepsItsRows() throws Exception {
        Change written = put("Fault", ItemKey.of("F#1"), Map.of("n", 1L));
        long version = applyOne(written).version();
        try (Connection connection = database.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE " + StoreSchema.DEVICE_WRITES + " DROP COLUMN won");
        }

        database.restart();
        store = newStore();

        AckResult again = applyOne(written);
        assertEquals(AckStatus.DUPLICATE, again.status());
        assertEquals(version, again.version().longValue());
        assertEquals(AckStatus.APPLIED, applyOne(put("Fault", ItemKey.of("F#2"), Map.of("n", 2L))).status());
    }

    @Test
    public void itemsAreIsolatedByScope() {
        store.apply("dev-1", "dev-1", List.of(put("Fault", ItemKey.of("F#1"), Map.of("who", "one"))));
        store.apply("dev-2", "dev-2", List.of(put("Fault", ItemKey.of("F#1"), Map.of("who", "two"))));

        assertEquals("one", store.get("dev-1", "Fault", ItemKey.of("F#1")).orElseThrow().item().get("who"));
        assertEquals("two", store.get("dev-2", "Fault", ItemKey.of("F#1")).orElseThrow().item().get("who"));
    }

    private JdbcCloudStore newStore() {
        return new JdbcCloudStore(database.dataSource(), database.dialect(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private AckResult applyOne(Change change) {
        return store.apply(DEVICE, DEVICE, List.of(change)).get(0);
    }

    private Change put(String model, ItemKey key, Map<String, Object> item) {
        return put(model, key, item, hlc());
    }

    private static Change put(String model, ItemKey key, Map<String, Object> item, String hlc) {
        return new Change(model, key, Op.PUT, item, null, hlc);
    }

    private Change delete(String model, ItemKey key) {
        return new Change(model, key, Op.DELETE, null, null, hlc());
    }

    private String hlc() {
        return new Hlc(1_700_000_000_000L, nextHlc++).toString();
    }

    private static List<ItemKey> keys(List<CloudItem> items) {
        List<ItemKey> keys = new ArrayList<>();
        for (CloudItem item : items) {
            keys.add(item.key());
        }
        return keys;
    }
}
