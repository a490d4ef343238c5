package dev.tether.cloud.store.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.tether.cloud.store.jdbc.testing.PostgresServer;
import dev.tether.cloud.store.jdbc.testing.TestDatabase;
import dev.tether.cloudstore.CloudStore;
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

/** Tombstones are kept for the horizon, then purged, and the watermark says from where catch-up is complete. */
@RunWith(Parameterized.class)
public class TombstoneHorizonTest {

    private static final Duration HORIZON = Duration.ofDays(30);
    private static final List<String> DEVICE_SCOPES = List.of("dev-1", CloudStore.SHARED_SCOPE);

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return List.of(new Object[] {"Derby"}, new Object[] {"PostgreSQL"});
    }

    private static PostgresServer postgres;

    @Parameterized.Parameter
    public String databaseKind;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
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
        store = new JdbcCloudStore(database.dataSource(), database.dialect(), clock);
    }

    @After
    public void closeStore() {
        database.close();
    }

    @Test
    public void aTombstoneIsKeptWithinTheHorizonAndPurgedAfterItWithTheWatermarkRaisedToIt() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("a"), put("b")));
        long deleted = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        handAllOver();
        assertEquals(0, store.tombstoneWatermark());

        assertEquals(0, store.purgeTombstones(HORIZON));
        clock.advance(HORIZON.minusSeconds(1));
        assertEquals("not yet a horizon old", 0, store.purgeTombstones(HORIZON));
        assertTrue(store.get("dev-1", "Setting", ItemKey.of("a")).orElseThrow().deleted());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, store.purgeTombstones(HORIZON));

        assertFalse(store.get("dev-1", "Setting", ItemKey.of("a")).isPresent());
        assertTrue("live items stay", store.get("dev-1", "Setting", ItemKey.of("b")).isPresent());
        assertEquals(deleted, store.tombstoneWatermark());
        assertEquals(0, store.purgeTombstones(HORIZON));
        assertEquals("purging again changes nothing", deleted, store.tombstoneWatermark());
    }

    @Test
    public void eachScopeHasItsOwnWatermark() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("a")));
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("s")));
        long sharedDelete = store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(delete("s"))).get(0).version();
        long deviceDelete = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        handAllOver();

        assertEquals(2, store.purgeTombstones(Duration.ZERO));

        assertEquals(deviceDelete, store.tombstoneWatermark("dev-1"));
        assertEquals(sharedDelete, store.tombstoneWatermark(CloudStore.SHARED_SCOPE));
        assertEquals(0, store.tombstoneWatermark("dev-2"));
        assertEquals(deviceDelete, store.tombstoneWatermark());

        store.applyFromCloud("cloud", "dev-1", List.of(put("b")));
        long later = store.applyFromCloud("cloud", "dev-1", List.of(delete("b"))).get(0).version();
        handAllOver();
        assertEquals(1, store.purgeTombstones(Duration.ZERO));
        assertEquals(later, store.tombstoneWatermark("dev-1"));
        assertEquals(sharedDelete, store.tombstoneWatermark(CloudStore.SHARED_SCOPE));
    }

    @Test
    public void aTombstoneNewerThanTheLastMarkOlderThanTheHorizonStays() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("a"), put("b")));
        long old = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        handAllOver();
        store.purgeTombstones(HORIZON);
        clock.advance(Duration.ofDays(20));
        store.applyFromCloud("cloud", "dev-1", List.of(delete("b")));
        handAllOver();
        store.purgeTombstones(HORIZON);

        clock.advance(Duration.ofDays(10));
        assertEquals(1, store.purgeTombstones(HORIZON));

        assertEquals(old, store.tombstoneWatermark());
        assertTrue(store.get("dev-1", "Setting", ItemKey.of("b")).orElseThrow().deleted());
    }

    @Test
    public void aTombstoneTheFanOutHasNotHandedOverIsNotPurged() {
        store.applyFromCloud("cloud", "dev-1", List.of(put("a")));
        long deleted = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        store.purgeTombstones(HORIZON);
        clock.advance(HORIZON);

        assertEquals(0, store.purgeTombstones(HORIZON));
        assertEquals(0, store.tombstoneWatermark());

        handAllOver();
        assertEquals(1, store.purgeTombstones(HORIZON));
        assertEquals(deleted, store.tombstoneWatermark());
    }

    @Test
    public void countsAndHighestVersionDescribeWhatACatchUpStillHasToSend() {
        assertEquals(0, store.highestVersion());
        long first = store.applyFromCloud("cloud", "dev-1", List.of(put("a"), put("b"))).get(0).version();
        store.applyFromCloud("cloud", "dev-2", List.of(put("x")));
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("f")));
        long last = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();

        assertEquals(last, store.highestVersion());
        assertEquals(3, store.countChangesSince(DEVICE_SCOPES, 0, false));
        assertEquals("live items only", 2, store.countChangesSince(DEVICE_SCOPES, 0, true));
        assertEquals("b, f and the delete of a", 3, store.countChangesSince(DEVICE_SCOPES, first, false));
        assertEquals(0, store.countChangesSince(DEVICE_SCOPES, last, false));
    }

    private void handAllOver() {
        while (store.fanOut(100, (scope, changes, previous) -> true) > 0) {
            // until the fan-out has handed over every committed change
        }
    }

    private Change put(String pk) {
        return new Change("Setting", ItemKey.of(pk), Op.PUT, Map.of("v", 1L), null, new Hlc(nextHlc++, 0).toString());
    }

    private Change delete(String pk) {
        return new Change("Setting", ItemKey.of(pk), Op.DELETE, null, null, new Hlc(nextHlc++, 0).toString());
    }

    /** A clock the test moves forward. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
