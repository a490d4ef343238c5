package dev.tether.replication.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;
import dev.tether.store.Acknowledgement;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemRef;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;
import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportException;

import org.junit.After;
import org.junit.Test;

/** The engine against an in-memory outbox and transport; the real ones are covered by the integration tests. */
public class ReplicationEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();
    private final MemoryOutbox outbox = new MemoryOutbox();
    private final MemoryTransport transport = new MemoryTransport();
    private final List<Settlement> settled = new CopyOnWriteArrayList<>();
    private final EngineThread thread = new EngineThread(Executors.newSingleThreadScheduledExecutor());
    private ReplicationEngine engine;

    @After
    public void stop() {
        if (engine != null) {
            engine.stop();
        }
        thread.shutdown();
    }

    @Test
    public void sendsPendingChangesAndClearsThemOnAck() throws Exception {
        outbox.write(1, "Reading", "r1", Map.of("value", 1L));
        outbox.write(2, "Reading", "r2", Map.of("value", 2L));
        start(120_000);

        ChangeBatch batch = awaitBatch(0);
        assertEquals(2, batch.changes().size());
        assertTrue(batch.changes().stream().allMatch(change -> change.hlc() != null));

        ack(batch, 10);
        await().atMost(WAIT).until(() -> outbox.depth() == 0);
        assertEquals(Long.valueOf(10), outbox.versions.get("r1"));
        assertEquals(2, engine.changesAcknowledged());
    }

    @Test
    public void aWriteMadeWhileInFlightStaysPendingAndIsSentAfterTheAck() throws Exception {
        outbox.write(1, "Reading", "r1", Map.of("value", 1L));
        start(120_000);
        ChangeBatch first = awaitBatch(0);
        outbox.write(2, "Reading", "r1", Map.of("value", 2L));

        ack(first, 10);
        ChangeBatch second = awaitBatch(1);
        assertEquals(2L, second.changes().get(0).item().get("value"));
        assertEquals(Long.valueOf(10), second.changes().get(0).base());
    }

    @Test
    public void anUnacknowledgedBatchIsResentWithTheSameIdAndHlc() throws Exception {
        outbox.write(1, "Reading", "r1", Map.of("value", 1L));
        start(120_000);
        ChangeBatch first = awaitBatch(0);
        ChangeBatch resent = awaitBatch(1);
        assertEquals(first, resent);
    }

    @Test
    public void nothingIsPublishedWhileDisconnectedAndAllIsSentOnReconnect() throws Exception {
        transport.connected = false;
        outbox.write(1, "Reading", "r1", Map.of("value", 1L));
        start(120_000);
        engine.requestDrain();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> transport.published.isEmpty());

        transport.connected = true;
        transport.listeners.forEach(ConnectionListener::connected);
        assertEquals(1, awaitBatch(0).changes().size());
    }

    @Test
    public void aRejectedOrOversizedChangeDoesNotBlockTheOthers() throws Exception {
        outbox.write(1, "Reading", "huge", Map.of("text", "x".repeat(5_000)));
        outbox.write(2, "Reading", "bad", Map.of("value", 1L));
        outbox.write(3, "Reading", "good", Map.of("value", 2L));
        start(2_048);

        ChangeBatch batch = awaitBatch(0);
        assertEquals(List.of("bad", "good"), batch.changes().stream().map(change -> change.key().pk()).toList());
        transport.deliverAck(new Ack(batch.batch(), List.of(
                AckResult.rejected("Reading", ItemKey.of("bad"), "no such field"),
                AckResult.applied("Reading", ItemKey.of("good"), 4))));
        await().atMost(WAIT).until(() -> outbox.depth() == 0 && outbox.deadLetters.size() == 2);
        assertTrue(outbox.deadLetters.get("huge").contains("can never fit a message of 2048 bytes"));
        assertEquals("rejected by the cloud: no such field", outbox.deadLetters.get("bad"));
        assertTrue(engine.lastError(), engine.lastError().contains("no such field"));
    }

    @Test
    public void eachAnswerOfTheCloudIsCounted() throws Exception {
        outbox.write(1, "Setting", "applied", Map.of("value", 1L));
        outbox.write(2, "Setting", "again", Map.of("value", 2L));
        outbox.write(3, "Setting", "refused", Map.of("value", 3L));
        outbox.write(4, "Setting", "contested", Map.of("value", 4L));
        start(120_000);
        ChangeBatch batch = awaitBatch(0);

        transport.deliverAck(new Ack(batch.batch(), List.of(
                AckResult.applied("Setting", ItemKey.of("applied"), 1),
                AckResult.duplicate("Setting", ItemKey.of("again"), 2),
                AckResult.rejected("Setting", ItemKey.of("refused"), "read-only model"),
                AckResult.conflict("Setting", ItemKey.of("contested"), 4, Map.of("value", "cloud")))));

        await().atMost(WAIT).until(() -> outbox.depth() == 0 && settled.size() == 1);
        assertEquals(3, engine.changesAcknowledged());
        assertEquals(1, engine.changesDuplicate());
        assertEquals(1, engine.changesRejected());
        assertEquals(1, engine.conflictsSettled());
    }

    @Test
    public void batchesStayWithinWhatTheBrokerAcceptsWhenThatIsLessThanConfigured() throws Exception {
        transport.maxPayload = 1_500;
        for (int i = 1; i <= 40; i++) {
            outbox.write(i, "Reading", "r" + i, Map.of("text", "y".repeat(100)));
        }
        start(120_000);

        Set<String> acknowledged = new java.util.HashSet<>();
        int seen = 0;
        while (acknowledged.size() < 40) {
            ChangeBatch batch = awaitBatch(seen++);
            batch.changes().forEach(change -> acknowledged.add(change.key().pk()));
            ack(batch, 1);
        }
        assertTrue("more than one batch was needed", seen > 1);
        assertTrue(transport.published.stream().allMatch(payload -> payload.length <= 1_500));
        await().atMost(WAIT).until(() -> outbox.depth() == 0);
    }

    @Test
    public void aMalformedAckIsIgnored() throws Exception {
        outbox.write(1, "Reading", "r1", Map.of("value", 1L));
        start(120_000);
        ChangeBatch batch = awaitBatch(0);
        transport.deliver("{not json".getBytes(StandardCharsets.UTF_8));
        ack(batch, 3);
        await().atMost(WAIT).until(() -> outbox.depth() == 0);
    }

    @Test
    public void aConflictWonByTheCloudIsSettledWithTheCloudsItem() throws Exception {
        outbox.write(1, "Setting", "s1", Map.of("value", "device"));
        outbox.write(2, "Setting", "s2", Map.of("value", 2L));
        start(120_000);
        ChangeBatch batch = awaitBatch(0);

        transport.deliverAck(new Ack(batch.batch(), List.of(
                AckResult.conflict("Setting", ItemKey.of("s1"), 7, Map.of("value", "cloud")),
                AckResult.applied("Setting", ItemKey.of("s2"), 8))));

        await().atMost(WAIT).until(() -> outbox.depth() == 0 && settled.size() == 1);
        Settlement settlement = settled.get(0);
        assertEquals(ItemKey.of("s1"), settlement.ack().change().key());
        assertEquals(7, settlement.ack().version());
        assertEquals(Op.PUT, settlement.cloudWinner().op());
        assertEquals(Map.of("value", "cloud"), settlement.cloudWinner().item());
        assertEquals(7, settlement.cloudWinner().version());
        assertEquals(Long.valueOf(8), outbox.versions.get("s2"));
        assertEquals(2, engine.changesAcknowledged());
    }

    @Test
    public void aConflictWonByTheDevicesOwnWriteOnlyTakesTheVersion() throws Exception {
        outbox.write(1, "Setting", "s1", Map.of("value", "device"));
        start(120_000);
        ChangeBatch batch = awaitBatch(0);

        transport.deliverAck(new Ack(batch.batch(), List.of(
                AckResult.conflict("Setting", ItemKey.of("s1"), 9, Map.of("value", "device")))));

        await().atMost(WAIT).until(() -> settled.size() == 1);
        assertNull(settled.get(0).cloudWinner());
        assertEquals(9, settled.get(0).ack().version());
    }

    @Test
    public void aConflictWonByACloudDeleteIsSettledWithADelete() throws Exception {
        outbox.write(1, "Setting", "s1", Map.of("value", "device"));
        start(120_000);
        ChangeBatch batch = awaitBatch(0);

        transport.deliverAck(new Ack(batch.batch(), List.of(AckResult.conflict("Setting", ItemKey.of("s1"), 4, null))));

        await().atMost(WAIT).until(() -> settled.size() == 1);
        assertEquals(Op.DELETE, settled.get(0).cloudWinner().op());
        assertNull(settled.get(0).cloudWinner().item());
    }

    private record Settlement(Acknowledgement ack, CloudChange cloudWinner) {
    }

    private void start(int maxBytes) {
        EngineSettings settings = new EngineSettings("dev-1", new Topics("tether"), 100, maxBytes, 10, 300, 1_000, 2);
        engine = new ReplicationEngine(settings, outbox, (ack, winner) -> {
            outbox.acknowledge(List.of(ack));
            settled.add(new Settlement(ack, winner));
        }, transport, thread, EngineClock.volatileClock(System::currentTimeMillis), () -> "schema-v1", new PauseSwitch());
        engine.start();
    }

    private ChangeBatch awaitBatch(int index) throws Exception {
        await().atMost(WAIT).until(() -> transport.published.size() > index);
        return codec.decodeBatch(transport.published.get(index));
    }

    private void ack(ChangeBatch batch, long version) {
        List<AckResult> results = batch.changes().stream()
                .map(change -> AckResult.applied(change.model(), change.key(), version)).toList();
        transport.deliverAck(new Ack(batch.batch(), results));
    }

    private final class MemoryTransport implements Transport {
        volatile boolean connected = true;
        final List<byte[]> published = new CopyOnWriteArrayList<>();
        final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
        volatile Consumer<InboundMessage> ackHandler;
        volatile int maxPayload = Transport.NO_PACKET_LIMIT;

        @Override
        public int maxPayloadSize(String topic, dev.tether.transport.PublishOptions options) {
            return maxPayload;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties) {
            return publish(topic, payload, dev.tether.transport.PublishOptions.NONE.withUserProperties(userProperties));
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, dev.tether.transport.PublishOptions options) {
            if (!connected) {
                throw new TransportException("not connected");
            }
            assertEquals("tether/dev-1/up/changes", topic);
            assertEquals("schema-v1", options.userProperties().get(Transport.SCHEMA_VERSION_PROPERTY));
            published.add(payload);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler) {
            assertEquals("tether/dev-1/down/ack", topicFilter);
            ackHandler = handler;
            return () -> ackHandler = null;
        }

        @Override
        public void addConnectionListener(ConnectionListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeConnectionListener(ConnectionListener listener) {
            listeners.remove(listener);
        }

        void deliverAck(Ack ack) {
            deliver(codec.encode(ack));
        }

        void deliver(byte[] payload) {
            ackHandler.accept(new InboundMessage("tether/dev-1/down/ack", payload, Map.of(), null, null));
        }
    }

    /** Rows of (sequence → item write); pending() coalesces per item like the real store. */
    private static final class MemoryOutbox implements Outbox {
        private final TreeMap<Long, PendingChange> rows = new TreeMap<>();
        final Map<String, Long> versions = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, String> deadLetters = new java.util.concurrent.ConcurrentHashMap<>();

        synchronized void write(long sequence, String model, String pk, Map<String, Object> item) {
            rows.put(sequence, new PendingChange(sequence, model, ItemKey.of(pk), Op.PUT, item, versions.get(pk), null,
                    System.currentTimeMillis()));
        }

        @Override
        public synchronized List<PendingChange> pending(int max, Set<ItemRef> skip) {
            Map<ItemRef, PendingChange> latest = new java.util.LinkedHashMap<>();
            for (PendingChange row : rows.values()) {
                if (!skip.contains(row.ref())) {
                    latest.remove(row.ref());
                    latest.put(row.ref(), new PendingChange(row.sequence(), row.model(), row.key(), row.op(), row.item(),
                            versions.get(row.key().pk()), row.hlc(), row.capturedAtMillis()));
                }
            }
            return new ArrayList<>(latest.values()).subList(0, Math.min(max, latest.size()));
        }

        @Override
        public synchronized void stamp(Collection<PendingChange> stamped) {
            stamped.forEach(change -> rows.put(change.sequence(), change));
        }

        @Override
        public synchronized void acknowledge(Collection<Acknowledgement> acknowledgements) {
            for (Acknowledgement ack : acknowledgements) {
                rows.entrySet().removeIf(row -> row.getKey() <= ack.change().sequence()
                        && row.getValue().ref().equals(ack.change().ref()));
                versions.put(ack.change().key().pk(), ack.version());
            }
        }

        @Override
        public synchronized long depth() {
            return rows.size();
        }

        @Override
        public synchronized dev.tether.store.DeadLetter deadLetter(PendingChange change, String reason) {
            rows.entrySet().removeIf(row -> row.getKey() <= change.sequence() && row.getValue().ref().equals(change.ref()));
            deadLetters.put(change.key().pk(), reason);
            return new dev.tether.store.DeadLetter(deadLetters.size(), change.model(), change.key(), change.op(),
                    change.item(), change.hlc(), reason, java.time.Instant.now());
        }

        @Override
        public dev.tether.store.DeadLetters deadLetters() {
            throw new UnsupportedOperationException("not needed by the engine");
        }
    }
}
