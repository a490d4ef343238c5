package dev.tether.replication.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.SyncRequest;
import dev.tether.protocol.Topics;
import dev.tether.store.Acknowledgement;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.Inbound;
import dev.tether.store.ItemRef;
import dev.tether.store.LocalConflict;
import dev.tether.sync.SyncProgress;
import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The down direction against an in-memory store and transport: catch-up progress and the full resync. */
public class DownstreamSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REPLY_TOPIC = "tether/dev-1/down/sync";
    private static final String LIVE_TOPIC = "tether/dev-1/down/changes";

    private final ProtocolCodec codec = new ProtocolCodec();
    private final MemoryInbound inbound = new MemoryInbound();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final EngineThread thread = new EngineThread(Executors.newSingleThreadScheduledExecutor());
    /** The engine's wall clock, moved by the tests. */
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private DownstreamSync down;

    @Before
    public void start() {
        EngineSettings settings = new EngineSettings("dev-1", new Topics("tether"), 100, 100_000, 10, 1_000, 60_000, 2);
        down = new DownstreamSync(settings, inbound, transport, EngineClock.volatileClock(now::get),
                change -> Optional.empty(), () -> List.copyOf(inbound.items.keySet()), thread, new PauseSwitch());
        down.start();
    }

    @After
    public void stop() {
        down.stop();
        thread.shutdown();
    }

    @Test
    public void aCatchUpCountsItsPagesAndItemsAndTakesTheCloudsEstimateOfWhatIsLeft() {
        inbound.syncState.put(DownstreamSync.DEVICE_CURSOR, "10");
        inbound.syncState.put(DownstreamSync.SHARED_CURSOR, "10");
        down.requestCatchUp();
        Request request = transport.awaitRequest(0);
        assertEquals(10L, request.body.since().longValue());
        assertFalse(request.body.isFullResync());
        assertTrue(down.progress().running());
        assertEquals(SyncProgress.Kind.CATCH_UP, down.progress().kind());

        reply(request, new DownChanges(List.of(put("a", 11), put("b", 12)), 12L, 10L, true, null, 3L));
        await().atMost(WAIT).until(() -> down.progress().pagesDone() == 1);
        assertEquals(2, down.progress().itemsDone());
        assertEquals(3, down.progress().itemsLeft());
        assertTrue(down.progress().running());

        reply(request, new DownChanges(List.of(put("c", 13), put("d", 14), put("e", 15)), 15L, 12L, false, null, 0L));
        await().atMost(WAIT).until(() -> !down.progress().running());
        SyncProgress done = down.progress();
        assertEquals(2, done.pagesDone());
        assertEquals(5, done.itemsDone());
        assertEquals(0, done.itemsLeft());
        assertTrue(done.finishedAtEpochMillis() > 0);
        assertEquals("15", inbound.syncState.get(DownstreamSync.DEVICE_CURSOR));
        assertFalse(down.catchingUp());
    }

    @Test
    public void aCatchUpWithAPageMissingIsAskedForAgainAndItsCursorDoesNotSkipThePage() {
        inbound.syncState.put(DownstreamSync.DEVICE_CURSOR, "10");
        inbound.syncState.put(DownstreamSync.SHARED_CURSOR, "10");
        down.requestCatchUp();
        Request first = transport.awaitRequest(0);
        reply(first, new DownChanges(List.of(put("a", 11), put("b", 12)), 12L, 10L, true, null, 4L));
        await().atMost(WAIT).until(() -> down.progress().pagesDone() == 1);

        // the page up to 14 was dropped on the way: the last page follows 14, not 12
        reply(first, new DownChanges(List.of(put("e", 15)), 15L, 14L, false, null, 0L));

        Request second = transport.awaitRequest(1);
        assertEquals("asked again from the durable cursor", 10L, second.body.since().longValue());
        assertEquals(1, down.pagesLost());
        assertEquals("the cursor did not jump past the lost page", "10", inbound.syncState.get(DownstreamSync.DEVICE_CURSOR));
        assertTrue(down.catchingUp());

        reply(second, new DownChanges(List.of(put("a", 11), put("b", 12), put("c", 13), put("d", 14), put("e", 15)), 15L,
                10L, false, null, 0L));
        await().atMost(WAIT).until(() -> !down.catchingUp());
        assertEquals("15", inbound.syncState.get(DownstreamSync.DEVICE_CURSOR));
        assertTrue(inbound.items.containsKey(new ItemRef("Setting", ItemKey.of("c"))));
    }

    @Test
    public void aLongCatchUpIsNotAskedForAgainWhilePagesKeepComingButIsOnceTheyStop() {
        down.requestCatchUp();
        Request request = transport.awaitRequest(0);
        long stallLimit = 10_000; // the minimum: six ack timeouts are less
        for (int page = 1; page <= 3; page++) {
            now.addAndGet(stallLimit * 8 / 10);
            reply(request, new DownChanges(List.of(put("p" + page, page)), (long) page, page - 1L, true, null, 10L));
            int done = page;
            await().atMost(WAIT).until(() -> down.progress().pagesDone() == done);
        }
        await("no second request while pages come").during(Duration.ofSeconds(6)).atMost(WAIT)
                .until(() -> transport.requests.size() == 1);

        now.addAndGet(stallLimit + 1);
        transport.awaitRequest(1);
    }

    @Test
    public void resyncRequiredLeadsToAFullResyncThatRemovesWhatTheCloudNoLongerHasButNotPendingWork() {
        inbound.syncState.put(DownstreamSync.DEVICE_CURSOR, "5");
        inbound.syncState.put(DownstreamSync.SHARED_CURSOR, "5");
        inbound.items.put(ref("kept"), 3L);
        inbound.items.put(ref("deleted-in-cloud"), 4L);
        inbound.items.put(ref("written-offline"), 0L);
        inbound.pending.add(ref("written-offline"));
        inbound.items.put(ref("arrives-live"), 2L);

        down.requestCatchUp();
        Request catchUp = transport.awaitRequest(0);
        reply(catchUp, DownChanges.resyncRequired(5));

        Request full = transport.awaitRequest(1);
        assertTrue(full.body.isFullResync());
        await().atMost(WAIT).until(() -> down.progress().kind() == SyncProgress.Kind.FULL_RESYNC);
        reply(full, new DownChanges(List.of(put("kept", 3), put("edited", 30)), 30L, 0L, true, null, 1L));
        transport.deliver(LIVE_TOPIC, new DownChanges(List.of(put("arrives-live", 41)), 41L, 40L, false), null);
        reply(full, new DownChanges(List.of(put("new", 35)), 40L, 30L, false, null, 0L));

        await().atMost(WAIT).until(() -> !down.progress().running());
        assertEquals(Set.of(ref("kept"), ref("edited"), ref("new"), ref("written-offline"), ref("arrives-live")),
                inbound.items.keySet());
        assertEquals(41L, inbound.items.get(ref("arrives-live")).longValue());
        assertEquals("40", inbound.syncState.get(DownstreamSync.DEVICE_CURSOR));
        assertEquals("40", inbound.syncState.get(DownstreamSync.SHARED_CURSOR));
        SyncProgress done = down.progress();
        assertEquals(2, done.pagesDone());
        assertEquals(3, done.itemsDone());

        down.requestCatchUp();
        Request next = transport.awaitRequest(2);
        assertFalse("after the full resync the device catches up as usual", next.body.isFullResync());
        assertEquals(40L, next.body.since().longValue());
    }

    @Test
    public void aFullResyncCutShortByADisconnectIsAskedForAgainAndRemovesNothingMeanwhile() {
        inbound.items.put(ref("stays"), 3L);
        down.requestFullResync();
        Request first = transport.awaitRequest(0);
        assertTrue(first.body.isFullResync());
        reply(first, new DownChanges(List.of(put("other", 7)), 7L, 0L, true, null, 1L));

        transport.listeners.forEach(listener -> listener.disconnected(null));
        await().atMost(WAIT).until(() -> !down.progress().running());
        assertEquals(0, down.progress().finishedAtEpochMillis());
        reply(first, new DownChanges(List.of(), 8L, 7L, false, null, 0L));

        transport.listeners.forEach(ConnectionListener::connected);
        Request again = transport.awaitRequest(1);
        assertTrue(again.body.isFullResync());
        assertTrue("a late page of the abandoned answer removed nothing", inbound.items.containsKey(ref("stays")));
        reply(again, new DownChanges(List.of(put("stays", 3)), 9L, 0L, false, null, 0L));
        await().atMost(WAIT).until(() -> down.progress().finishedAtEpochMillis() > 0);
        assertEquals("only what the completed answer named is kept", Set.of(ref("stays")), inbound.items.keySet());
    }

    private void reply(Request request, DownChanges page) {
        transport.deliver(REPLY_TOPIC, page, request.correlation);
    }

    private static DownChange put(String pk, long version) {
        return new DownChange("Setting", ItemKey.of(pk), Op.PUT, Map.of("value", pk), version, "cloud",
                new Hlc(1_000 + version, 0).toString());
    }

    private static ItemRef ref(String pk) {
        return new ItemRef("Setting", ItemKey.of(pk));
    }

    private record Request(SyncRequest body, byte[] correlation) {
    }

    private final class ScriptedTransport implements Transport {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
        final Map<String, Consumer<InboundMessage>> handlers = new ConcurrentHashMap<>();

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, PublishOptions options) {
            assertEquals("tether/dev-1/up/sync", topic);
            assertEquals(REPLY_TOPIC, options.responseTopic());
            try {
                requests.add(new Request(codec.decodeSyncRequest(payload), options.correlationData()));
            } catch (dev.tether.protocol.ProtocolException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler) {
            handlers.put(topicFilter, handler);
            return () -> handlers.remove(topicFilter);
        }

        @Override
        public void addConnectionListener(ConnectionListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeConnectionListener(ConnectionListener listener) {
            listeners.remove(listener);
        }

        Request awaitRequest(int index) {
            await().atMost(WAIT).until(() -> requests.size() > index);
            return requests.get(index);
        }

        void deliver(String topic, DownChanges message, byte[] correlation) {
            handlers.get(topic).accept(new InboundMessage(topic, codec.encode(message), Map.of(), null, correlation));
        }
    }

    /** Items by key with their version; an item with pending local work is never touched, as in the store. */
    private static final class MemoryInbound implements Inbound {
        final Map<ItemRef, Long> items = new ConcurrentHashMap<>();
        final Set<ItemRef> pending = ConcurrentHashMap.newKeySet();
        final Map<String, String> syncState = new ConcurrentHashMap<>();

        @Override
        public synchronized ApplyResult apply(List<CloudChange> changes, Map<String, String> state) {
            List<ItemRef> applied = new ArrayList<>();
            List<ItemRef> pendingLocal = new ArrayList<>();
            List<ItemRef> stale = new ArrayList<>();
            for (CloudChange change : changes) {
                Long version = items.get(change.ref());
                if (pending.contains(change.ref())) {
                    pendingLocal.add(change.ref());
                } else if (version != null && version >= change.version()) {
                    stale.add(change.ref());
                } else if (change.op() == Op.DELETE) {
                    items.remove(change.ref());
                    applied.add(change.ref());
                } else {
                    items.put(change.ref(), change.version());
                    applied.add(change.ref());
                }
            }
            updateSyncState(state);
            return new ApplyResult(applied, pendingLocal, stale, List.of());
        }

        @Override
        public void settleConflict(Acknowledgement acknowledgement, CloudChange cloudWinner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LocalConflict> conflicts(int max) {
            return List.of();
        }

        @Override
        public long conflictCount() {
            return 0;
        }

        @Override
        public Optional<String> syncState(String name) {
            return Optional.ofNullable(syncState.get(name));
        }

        @Override
        public Map<String, String> syncState() {
            return new HashMap<>(syncState);
        }

        @Override
        public void updateSyncState(Map<String, String> entries) {
            entries.forEach((key, value) -> {
                if (value == null) {
                    syncState.remove(key);
                } else {
                    syncState.put(key, value);
                }
            });
        }
    }

}
