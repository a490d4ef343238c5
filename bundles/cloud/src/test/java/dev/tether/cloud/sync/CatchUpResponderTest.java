package dev.tether.cloud.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.cloud.feed.DownFilter;
import dev.tether.cloud.feed.DownPages;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.Change;
import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.SyncRequest;
import dev.tether.protocol.Topics;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Catch-up answers: pages with an estimate of what is left, "resync required" below the horizon, full resyncs. */
public class CatchUpResponderTest {

    private static final String REQUEST_TOPIC = "tether/dev-1/up/sync";
    private static final String REPLY_TOPIC = "tether/dev-1/down/sync";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<DownChanges> replies = new ArrayList<>();
    private EmbeddedDerby derby;
    private JdbcCloudStore store;
    private CatchUpResponder responder;
    private int nextHlc = 1;

    @Before
    public void open() {
        derby = EmbeddedDerby.open(temp.getRoot().toPath().resolve("db"));
        store = new JdbcCloudStore(derby.dataSource());
        DownPages pages = new DownPages(codec, new DownFilter(Optional.empty()), 1024);
        responder = new CatchUpResponder(store, new Topics("tether"), codec, pages, (topic, payload, correlation) -> {
            assertEquals(REPLY_TOPIC, topic);
            assertEquals("c-1", new String(correlation, StandardCharsets.UTF_8));
            replies.add(codec.decodeDownChanges(payload));
        });
    }

    @After
    public void close() {
        derby.close();
    }

    @Test
    public void aCatchUpOfManyChangesComesInChainedPagesWithADecreasingEstimateOfWhatIsLeft() throws Exception {
        List<Change> puts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            puts.add(put("s-" + i, "a value long enough to fill a small page quickly " + i));
        }
        store.applyFromCloud("cloud", "dev-1", puts);

        ask(new SyncRequest(0L));

        assertTrue("several pages: " + replies.size(), replies.size() > 3);
        long previous = 0;
        long left = Long.MAX_VALUE;
        int changes = 0;
        for (DownChanges page : replies) {
            assertEquals(previous, page.previous().longValue());
            assertTrue(page.remaining() < left);
            assertFalse(page.resyncRequired());
            previous = page.cursor();
            left = page.remaining();
            changes += page.changes().size();
            assertEquals("estimate on " + page, 40 - changes, page.remaining().longValue());
        }
        assertEquals(40, changes);
        assertFalse(replies.get(replies.size() - 1).more());
        assertEquals(store.highestVersion(), previous);
    }

    @Test
    public void aCatchUpFromBelowTheWatermarkGetsResyncRequiredAndOneFromAboveGetsTheChanges() throws Exception {
        long a = store.applyFromCloud("cloud", "dev-1", List.of(put("a", "x"), put("b", "x"))).get(0).version();
        long deleted = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        long edited = store.applyFromCloud("cloud", "dev-1", List.of(put("b", "y"))).get(0).version();
        store.fanOut(100, (scope, changes, previous) -> true);
        assertEquals(1, store.purgeTombstones(Duration.ZERO));
        assertEquals(deleted, store.tombstoneWatermark());

        ask(new SyncRequest(a));

        assertEquals(1, replies.size());
        DownChanges reply = replies.get(0);
        assertTrue(reply.resyncRequired());
        assertTrue(reply.changes().isEmpty());
        assertEquals(a, reply.cursor().longValue());
        assertFalse(reply.more());
        assertEquals(1, responder.resyncsRequired());

        replies.clear();
        ask(new SyncRequest(deleted));

        assertEquals(1, replies.size());
        assertFalse(replies.get(0).resyncRequired());
        assertEquals(List.of(edited), versions(replies.get(0)));
    }

    @Test
    public void eachStreamsCursorIsCheckedAgainstTheWatermarkOfItsOwnScope() throws Exception {
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("s", "x")));
        long sharedCursor = store.highestVersion();
        store.applyFromCloud("cloud", "dev-1", List.of(put("a", "x")));
        long deviceDelete = store.applyFromCloud("cloud", "dev-1", List.of(delete("a"))).get(0).version();
        store.fanOut(100, (scope, changes, previous) -> true);
        store.purgeTombstones(Duration.ZERO);

        ask(SyncRequest.catchUp(deviceDelete, sharedCursor));
        assertFalse("the device applied the purged delete; the shared scope lost none", replies.get(0).resyncRequired());

        replies.clear();
        ask(SyncRequest.catchUp(deviceDelete - 1, sharedCursor));
        assertTrue(replies.get(0).resyncRequired());

        replies.clear();
        ask(new SyncRequest(sharedCursor));
        assertTrue("one cursor for both streams is checked against both", replies.get(0).resyncRequired());
    }

    @Test
    public void eachStreamGetsOnlyWhatLiesBeyondItsOwnCursor() throws Exception {
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("shared-seen", "x")));
        long sharedCursor = store.highestVersion();
        store.applyFromCloud("cloud", "dev-1", List.of(put("own-1", "x"), put("own-2", "x"), put("own-3", "x")));
        long deviceCursor = store.highestVersion();
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("shared-new", "x")));
        store.applyFromCloud("cloud", "dev-1", List.of(put("own-new", "x")));

        ask(SyncRequest.catchUp(deviceCursor, sharedCursor));

        List<String> keys = new ArrayList<>();
        replies.forEach(page -> page.changes().forEach(change -> keys.add(change.key().pk())));
        assertEquals("the device's own stream is not sent again from the shared stream's cursor",
                List.of("shared-new", "own-new"), keys);
        DownChanges last = replies.get(replies.size() - 1);
        assertFalse(last.more());
        assertEquals(store.highestVersion(), last.cursor().longValue());
    }

    @Test
    public void aFullResyncSendsEveryLiveItemOfTheScopesTheDevicesOwnWritesIncludedAndNoOldTombstones() throws Exception {
        store.apply("dev-1", "dev-1", List.of(put("own", "x")));
        store.applyFromCloud("cloud", "dev-1", List.of(put("a", "x"), put("gone", "x")));
        store.applyFromCloud("cloud", "dev-1", List.of(delete("gone")));
        store.applyFromCloud("cloud", "dev-2", List.of(put("other", "x")));
        store.applyFromCloud("cloud", CloudStore.SHARED_SCOPE, List.of(put("shared", "x")));

        ask(SyncRequest.fullResync());

        List<String> keys = new ArrayList<>();
        replies.forEach(page -> page.changes().forEach(change -> keys.add(change.key().pk())));
        assertEquals(List.of("own", "a", "shared"), keys);
        DownChanges last = replies.get(replies.size() - 1);
        assertFalse(last.more());
        assertEquals(store.highestVersion(), last.cursor().longValue());
        assertEquals(0, last.remaining().longValue());
        assertEquals(1, responder.fullResyncs());
    }

    @Test
    public void aFullResyncIsAnsweredWhateverTheWatermark() throws Exception {
        store.applyFromCloud("cloud", "dev-1", List.of(put("a", "x"), put("b", "x")));
        store.applyFromCloud("cloud", "dev-1", List.of(delete("a")));
        store.fanOut(100, (scope, changes, previous) -> true);
        store.purgeTombstones(Duration.ZERO);

        ask(SyncRequest.fullResync());

        assertFalse(replies.get(0).resyncRequired());
        assertEquals("b", replies.get(0).changes().get(0).key().pk());
    }

    private void ask(SyncRequest request) {
        responder.handle(REQUEST_TOPIC, codec.encode(request), REPLY_TOPIC, "c-1".getBytes(StandardCharsets.UTF_8));
    }

    private Change put(String pk, String value) {
        return new Change("Setting", ItemKey.of(pk), Op.PUT, Map.of("value", value), null, new Hlc(nextHlc++, 0).toString());
    }

    private Change delete(String pk) {
        return new Change("Setting", ItemKey.of(pk), Op.DELETE, null, null, new Hlc(nextHlc++, 0).toString());
    }

    private static List<Long> versions(DownChanges page) {
        return page.changes().stream().map(DownChange::version).toList();
    }
}
