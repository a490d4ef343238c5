package dev.tether.cloud.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tether.cloud.store.jdbc.testing.PostgresServer;
import dev.tether.cloud.store.jdbc.testing.TestDatabase;
import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.cloudstore.FanOutState;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** The read side of the store: changes since a version, the fan-out, and version order under concurrent writers. */
@RunWith(Parameterized.class)
public class ChangeFeedStoreTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return List.of(new Object[] {"Derby"}, new Object[] {"PostgreSQL"});
    }

    private static PostgresServer postgres;

    @Parameterized.Parameter
    public String databaseKind;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ExecutorService threads = Executors.newCachedThreadPool();
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
    public void openStore() {
        database = databaseKind.equals("Derby") ? TestDatabase.derby(temp.getRoot().toPath().resolve("db"))
                : TestDatabase.postgres(postgres);
        store = new JdbcCloudStore(database.dataSource(), database.dialect(), Clock.systemUTC());
    }

    @After
    public void closeStore() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    public void changesSinceAVersionComeInVersionOrderPagedWithTombstonesAndOnlyOfTheAskedScopes() {
        store.apply("dev-1", "dev-1", List.of(put("Setting", "a", 1L), put("Setting", "b", 1L)));
        store.apply("dev-2", "dev-2", List.of(put("Setting", "x", 1L)));
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("Firmware", "f1", 1L)));
        store.apply("dev-1", "dev-1", List.of(delete("Setting", "a")));

        List<CloudItem> firstPage = store.changesSince(List.of("dev-1", CloudStore.SHARED_SCOPE), 0, 2);
        List<CloudItem> secondPage = store.changesSince(List.of("dev-1", CloudStore.SHARED_SCOPE),
                firstPage.get(1).version(), 2);

        assertEquals(List.of("b", "f1"), pks(firstPage));
        assertEquals(List.of("a"), pks(secondPage));
        assertTrue(secondPage.get(0).deleted());
        assertTrue(firstPage.get(0).version() < firstPage.get(1).version());
        assertTrue(store.changesSince(List.of("dev-1"), secondPage.get(0).version(), 10).isEmpty());
    }

    @Test
    public void anOlderWriteFromTheSameDeviceArrivingLateDoesNotOverwriteANewerOne() {
        Hlc older = new Hlc(1_000, 0);
        Hlc newer = new Hlc(2_000, 0);
        store.apply("dev-1", "dev-1", List.of(new Change("Setting", ItemKey.of("a"), Op.PUT, Map.of("v", 2L), null, newer.toString())));

        AckResult late = store.apply("dev-1", "dev-1",
                List.of(new Change("Setting", ItemKey.of("a"), Op.PUT, Map.of("v", 1L), null, older.toString()))).get(0);

        assertEquals(AckStatus.DUPLICATE, late.status());
        CloudItem stored = store.get("dev-1", "Setting", ItemKey.of("a")).orElseThrow();
        assertEquals(2L, stored.item().get("v"));
        assertEquals(stored.version(), late.version().longValue());
    }

    @Test
    public void fanOutHandsEachChangeOverOncePerScopeWithThePreviousCursorOfThatScope() {
        long a1 = store.applyFromCloud("cloud", "dev-1", List.of(put("Setting", "a", 1L))).get(0).version();
        long s1 = store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("Firmware", "f", 1L))).get(0).version();
        List<String> deliveries = new ArrayList<>();

        assertEquals(2, store.fanOut(100, (scope, changes, previous) -> deliveries.add(scope + " " + pks(changes) + " after " + previous)));
        long a2 = store.applyFromCloud("cloud", "dev-1", List.of(put("Setting", "a", 2L), put("Setting", "b", 1L))).get(1).version();
        assertEquals(2, store.fanOut(100, (scope, changes, previous) -> deliveries.add(scope + " " + pks(changes) + " after " + previous)));
        assertEquals(0, store.fanOut(100, (scope, changes, previous) -> deliveries.add("again " + scope)));

        assertEquals(List.of("dev-1 [a] after 0", "* [f] after 0", "dev-1 [a, b] after " + a1), deliveries);
        assertEquals(new FanOutState(a2, 0), store.fanOutState("dev-1"));
        assertEquals(new FanOutState(s1, 0), store.fanOutState(CloudStore.SHARED_SCOPE));
    }

    @Test
    public void aFailedDeliveryIsHandedOverAgainAndANotSentOneKeepsTheCursor() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("Setting", "a", 1L)));

        assertThrows(JdbcCloudStoreException.class, () -> store.fanOut(100, (scope, changes, previous) -> {
            throw new IllegalStateException("broker away");
        }));
        assertEquals(1, store.fanOutState("dev-1").pending());
        assertEquals(1, store.fanOut(100, (scope, changes, previous) -> false));

        assertEquals(new FanOutState(0, 0), store.fanOutState("dev-1"));
    }

    /**
     * The late-commit gap: a writer takes a version and commits only after a later writer. Here the
     * first writer is another program writing straight into the tables the documented way. The
     * second one cannot take a version until the first has ended, so the fan-out, reading while
     * the first is still open, can never move past a version that commits later.
     */
    @Test
    public void aWriteThatTookItsVersionFirstButCommitsLastIsNotSkippedByTheFeed() throws Exception {
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        try (Connection slowWriter = database.dataSource().getConnection()) {
            slowWriter.setAutoCommit(false);
            long slowVersion = takeVersion(slowWriter);
            insertItem(slowWriter, "slow", slowVersion);

            CompletableFuture<List<AckResult>> fastWrite = CompletableFuture.supplyAsync(
                    () -> store.applyFromCloud("cloud", "dev-1", List.of(put("Setting", "fast", 1L))), threads);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !fastWrite.isDone());
            CompletableFuture<Integer> feedWhileOpen = CompletableFuture.supplyAsync(
                    () -> store.fanOut(100, (scope, changes, previous) -> record(delivered, changes)), threads);
            await().atMost(Duration.ofSeconds(5)).until(() -> feedWhileOpen.isDone() || databaseKind.equals("Derby"));

            slowWriter.commit();

            long fastVersion = fastWrite.get(30, TimeUnit.SECONDS).get(0).version();
            feedWhileOpen.get(30, TimeUnit.SECONDS);
            assertTrue("the fast write took its version after the slow one committed", fastVersion > slowVersion);
            while (store.fanOut(100, (scope, changes, previous) -> record(delivered, changes)) > 0) {
                // drain
            }
            assertEquals(List.of(slowVersion, fastVersion), delivered);
        }
    }

    @Test
    public void listPagesByKeyAfterTheLastKeyOfThePreviousPage() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("Setting", "c", 1L), put("Setting", "a", 1L), put("Setting", "b", 1L)));

        List<CloudItem> first = store.list("dev-1", "Setting", null, 2);
        List<CloudItem> second = store.list("dev-1", "Setting", first.get(1).key(), 2);

        assertEquals(List.of("a", "b"), pks(first));
        assertEquals(List.of("c"), pks(second));
        assertTrue(store.conflicts(10).isEmpty());
        assertFalse(store.devices().stream().anyMatch(device -> device.device().equals("cloud")));
    }

    private static boolean record(List<Long> delivered, List<CloudItem> changes) {
        changes.forEach(change -> delivered.add(change.version()));
        return true;
    }

    /** What another program does to write an item: take a version from the counter in its own transaction. */
    private static long takeVersion(Connection connection) throws Exception {
        try (PreparedStatement increment = connection.prepareStatement(
                "UPDATE tether_version_counter SET last_version = last_version + 1 WHERE id = 1")) {
            increment.executeUpdate();
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT last_version FROM tether_version_counter WHERE id = 1");
                ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void insertItem(Connection connection, String pk, long version) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tether_items"
                + " (scope, model, pk, sk, item, version, origin, hlc, deleted) VALUES ('dev-1', 'Setting', ?, '', '{\"v\":1}', ?,"
                + " 'erp', '000000000000000001-00000', FALSE)")) {
            insert.setString(1, pk);
            insert.setLong(2, version);
            insert.executeUpdate();
        }
    }

    private Change put(String model, String pk, long value) {
        return new Change(model, ItemKey.of(pk), Op.PUT, Map.of("v", value), null, new Hlc(nextHlc++, 0).toString());
    }

    private Change delete(String model, String pk) {
        return new Change(model, ItemKey.of(pk), Op.DELETE, null, null, new Hlc(nextHlc++, 0).toString());
    }

    private static List<String> pks(List<CloudItem> items) {
        List<String> pks = new ArrayList<>();
        items.forEach(item -> pks.add(item.key().pk()));
        return pks;
    }
}
