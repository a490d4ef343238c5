package dev.tether.cloud.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BatchIngestTest {

    private static final String UP = "tether/dev-1/up/changes";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ProtocolCodec codec = new ProtocolCodec();
    private final IngestCounters counters = new IngestCounters();
    private EmbeddedDerby derby;
    private JdbcCloudStore store;
    private BatchIngest ingest;

    @Before
    public void open() {
        derby = EmbeddedDerby.open(temp.getRoot().toPath().resolve("db"));
        store = new JdbcCloudStore(derby.dataSource());
        ingest = new BatchIngest(store, new Topics("tether"), codec, counters);
    }

    @After
    public void close() {
        derby.close();
    }

    @Test
    public void aBatchIsAppliedWithTheDeviceAsScopeAndOriginAndAcked() throws Exception {
        ChangeBatch batch = new ChangeBatch("b-1", List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.PUT, Map.of("code", 7L), null, hlc(1)),
                new Change("Fault", ItemKey.of("F#2"), Op.DELETE, null, null, hlc(2))));

        OutgoingAck outgoing = ingest.handle(UP, codec.encode(batch)).orElseThrow();

        assertEquals("tether/dev-1/down/ack", outgoing.topic());
        assertEquals("dev-1", outgoing.device());
        Ack ack = codec.decodeAck(outgoing.payload());
        assertEquals("b-1", ack.batch());
        assertEquals(List.of(AckStatus.APPLIED, AckStatus.APPLIED), statuses(ack));
        CloudItem item = store.get("dev-1", "Fault", ItemKey.of("F#1")).orElseThrow();
        assertEquals("dev-1", item.origin());
        assertEquals(ack.results().get(0).version().longValue(), item.version());
        assertEquals(new IngestCounters.Snapshot(1, 2, 0, 0, 0, 0, 0), counters.snapshot());
    }

    @Test
    public void resendingABatchGivesDuplicates() throws Exception {
        byte[] payload = codec.encode(new ChangeBatch("b-1", List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.PUT, Map.of("code", 7L), null, hlc(1)))));
        Ack first = codec.decodeAck(ingest.handle(UP, payload).orElseThrow().payload());

        Ack second = codec.decodeAck(ingest.handle(UP, payload).orElseThrow().payload());

        assertEquals(AckStatus.DUPLICATE, second.results().get(0).status());
        assertEquals(first.results().get(0).version(), second.results().get(0).version());
        assertEquals(1, counters.snapshot().duplicates());
    }

    @Test
    public void aBadChangeIsRejectedByKeyAndTheOthersApplied() throws Exception {
        String payload = "{\"batch\":\"b-2\",\"changes\":["
                + "{\"model\":\"Fault\",\"key\":{\"pk\":\"F#1\"},\"op\":\"put\",\"item\":{\"code\":1},\"hlc\":\"" + hlc(1) + "\"},"
                + "{\"model\":\"Fault\",\"key\":{\"pk\":\"F#2\",\"sk\":\"x\"},\"op\":\"put\",\"item\":{\"code\":2}},"
                + "{\"model\":\"Fault\",\"key\":{\"pk\":\"F#3\"},\"op\":\"explode\",\"hlc\":\"" + hlc(3) + "\"}]}";

        Ack ack = codec.decodeAck(ingest.handle(UP, bytes(payload)).orElseThrow().payload());

        assertEquals(List.of(AckStatus.APPLIED, AckStatus.REJECTED, AckStatus.REJECTED), statuses(ack));
        AckResult missingHlc = ack.results().get(1);
        assertEquals(new ItemKey("F#2", "x"), missingHlc.key());
        assertEquals("malformed change: 'hlc' is missing", missingHlc.error());
        assertNull(missingHlc.version());
        assertEquals("malformed change: 'op' is missing or not one of put, delete", ack.results().get(2).error());
        assertTrue(store.get("dev-1", "Fault", ItemKey.of("F#1")).isPresent());
        assertTrue(store.get("dev-1", "Fault", new ItemKey("F#2", "x")).isEmpty());
        assertEquals(new IngestCounters.Snapshot(1, 1, 0, 2, 0, 0, 0), counters.snapshot());
    }

    @Test
    public void messagesThatCannotBeAnsweredAreCountedAsMalformed() {
        assertEquals(Optional.empty(), ingest.handle(UP, bytes("not json")));
        assertEquals(Optional.empty(), ingest.handle(UP, new byte[0]));
        assertEquals(Optional.empty(), ingest.handle(UP, bytes("{\"changes\":[]}")));
        // a bad change without a key the device could match a rejection to
        assertEquals(Optional.empty(), ingest.handle(UP, bytes("{\"batch\":\"b\",\"changes\":[{\"model\":\"Fault\",\"op\":\"put\"}]}")));

        assertEquals(4, counters.snapshot().malformed());
        assertEquals(0, counters.snapshot().batches());
    }

    @Test
    public void messagesOnTopicsThatNameNoValidDeviceAreCountedAsMalformed() throws Exception {
        byte[] payload = codec.encode(new ChangeBatch("b-1", List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.PUT, Map.of(), null, hlc(1)))));

        assertEquals(Optional.empty(), ingest.handle("tether/all/up/changes", payload));
        assertEquals(Optional.empty(), ingest.handle("other/dev-1/up/changes", payload));
        assertEquals(Optional.empty(), ingest.handle("tether/dev-1/up/sync", payload));
        assertEquals(Optional.empty(), ingest.handle("tether/$SYS/up/changes", payload));

        assertEquals(4, counters.snapshot().malformed());
        assertTrue(store.devices().isEmpty());
    }

    @Test
    public void aFailingStoreMeansNoAck() {
        CloudStore failing = new CloudStore() {
            @Override
            public List<AckResult> apply(String origin, String scope, List<Change> changes) {
                throw new IllegalStateException("database is down");
            }

            @Override
            public Optional<CloudItem> get(String scope, String model, ItemKey key) {
                return Optional.empty();
            }

            @Override
            public List<CloudItem> list(String scope, String model, int limit) {
                return List.of();
            }

            @Override
            public List<AckResult> applyFromCloud(String origin, String scope, List<Change> changes) {
                throw new IllegalStateException("database is down");
            }

            @Override
            public List<CloudItem> list(String scope, String model, ItemKey after, int limit) {
                return List.of();
            }

            @Override
            public List<CloudItem> changesSince(java.util.Collection<String> scopes, long afterVersion, int limit) {
                return List.of();
            }

            @Override
            public int fanOut(int limit, dev.tether.cloudstore.FanOutSink sink) {
                return 0;
            }

            @Override
            public dev.tether.cloudstore.FanOutState fanOutState(String scope) {
                return new dev.tether.cloudstore.FanOutState(0, 0);
            }

            @Override
            public List<dev.tether.cloudstore.CloudConflict> conflicts(int limit) {
                return List.of();
            }
        };
        BatchIngest failingIngest = new BatchIngest(failing, new Topics("tether"), codec, counters);

        Optional<OutgoingAck> ack = failingIngest.handle(UP, codec.encode(new ChangeBatch("b-1", List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.PUT, Map.of(), null, hlc(1))))));

        assertEquals(Optional.empty(), ack);
        assertEquals(new IngestCounters.Snapshot(0, 0, 0, 0, 0, 1, 0), counters.snapshot());
    }

    private static List<AckStatus> statuses(Ack ack) {
        return ack.results().stream().map(AckResult::status).toList();
    }

    private static String hlc(int logical) {
        return new Hlc(1_700_000_000_000L, logical).toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
