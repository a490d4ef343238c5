package dev.tether.cloud.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.cloud.schema.ChangeAdmission;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
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
import dev.tether.schema.Schema;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every ingested change is checked against the project's schema and the device of its topic. */
public class DeviceIsolationTest {

    private static final String UP = "tether/dev-1/up/changes";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ProtocolCodec codec = new ProtocolCodec();
    private final IngestCounters counters = new IngestCounters();
    private EmbeddedDerby derby;
    private JdbcCloudStore store;
    private BatchIngest ingest;
    private int nextHlc = 1;

    @Before
    public void open() throws Exception {
        Schema schema = Schema.parse(Files.readString(Path.of("../../config/schema.json")));
        derby = EmbeddedDerby.open(temp.getRoot().toPath().resolve("db"));
        store = new JdbcCloudStore(derby.dataSource());
        ingest = new BatchIngest(store, new Topics("tether"), codec, counters, new ChangeAdmission(Optional.of(schema)));
    }

    @After
    public void close() {
        derby.close();
    }

    @Test
    public void aDeviceMayWriteItsOwnItemsOfModelsThatSyncUp() throws Exception {
        AckResult result = single(put("Fault", new ItemKey("Fault#dev-1", "Fault#01"),
                Map.of("id", "01", "deviceId", "dev-1", "code", "E7")));

        assertEquals(result.error(), AckStatus.APPLIED, result.status());
        assertTrue(store.get("dev-1", "Fault", new ItemKey("Fault#dev-1", "Fault#01")).isPresent());
    }

    @Test
    public void everyForbiddenWriteIsRejectedWithItsReasonAndCounted() throws Exception {
        Ack ack = send(
                put("Fault", new ItemKey("Fault#dev-2", "Fault#01"), Map.of("id", "01", "deviceId", "dev-2", "code", "E7")),
                put("Firmware", new ItemKey("Firmware#1.2", "Firmware#"), Map.of("version", "1.2")),
                put("Fleet", new ItemKey("Fleet#north", "Fleet#"), Map.of("name", "north")),
                put("Setting", new ItemKey("Setting#dev-1", "Setting#mode"), Map.of("deviceId", "dev-1", "name", "mode")),
                put("Nope", ItemKey.of("x"), Map.of()),
                put("Fault", new ItemKey("Fault#dev-1", "Fault#99"), Map.of("id", "01", "deviceId", "dev-1", "code", "E7")),
                put("Fault", new ItemKey("Fault#dev-1", "Fault#02"), Map.of("id", "02", "deviceId", "dev-1", "severity", "bad")));

        List<String> errors = ack.results().stream().map(AckResult::error).toList();
        ack.results().forEach(result -> assertEquals(result.toString(), AckStatus.REJECTED, result.status()));
        assertEquals("'deviceId' is 'dev-2' but the change came from device 'dev-1': a device may write only its own items",
                errors.get(0));
        assertEquals("model Firmware is shared by all devices: devices cannot write it", errors.get(1));
        assertEquals("model Fleet exists in the cloud only: devices cannot write it", errors.get(2));
        assertEquals("model Setting does not sync up (sync: down)", errors.get(3));
        assertEquals("unknown model 'Nope'", errors.get(4));
        assertTrue(errors.get(5), errors.get(5).startsWith("the key Fault#dev-1 / Fault#99 does not match the item"));
        assertTrue(errors.get(6), errors.get(6).startsWith("invalid item: item of model Fault is invalid"));
        assertEquals(7, counters.snapshot().rejected());
        assertEquals(0, counters.snapshot().changesApplied());
        assertTrue(store.list("dev-2", "Fault", 10).isEmpty());
    }

    private AckResult single(Change change) throws Exception {
        return send(change).results().get(0);
    }

    private Ack send(Change... changes) throws Exception {
        byte[] payload = codec.encode(new ChangeBatch("b-" + nextHlc, List.of(changes)));
        return codec.decodeAck(ingest.handle(UP, payload).orElseThrow().payload());
    }

    private Change put(String model, ItemKey key, Map<String, Object> item) {
        return new Change(model, key, Op.PUT, item, null, new Hlc(nextHlc++, 0).toString());
    }
}
