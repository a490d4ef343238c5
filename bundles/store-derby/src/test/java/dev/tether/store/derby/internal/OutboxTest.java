package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.ItemRef;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

public class OutboxTest {

    private static final String INSERT_READING = "INSERT INTO TETHER.READING (PK, SK, ID, DEVICEID, SENSOR, \"VALUE\")"
            + " VALUES ('Reading#gw-9', 'Reading#r1', 'r1', 'gw-9', 'plain', 7)";
    private static final ItemKey PLAIN_KEY = new ItemKey("Reading#gw-9", "Reading#r1");

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    private Outbox outbox() {
        return fixture.store().outbox();
    }

    private List<PendingChange> pending() {
        return outbox().pending(100, Set.of());
    }

    private Map<String, Object> putReading(String id, Object value) {
        return fixture.store().put("Reading", item("id", id, "deviceId", "gw-1", "sensor", "t1", "value", value));
    }

    private static ItemKey readingKey(String id) {
        return new ItemKey("Reading#gw-1", "Reading#" + id);
    }

    private Object storedVersion(ItemKey key) throws Exception {
        return fixture.queryRow("SELECT TETHER_VERSION FROM TETHER.READING WHERE PK = ? AND SK = ?", key.pk(), key.sk())
                .get("TETHER_VERSION");
    }

    @Test
    public void capturesLocalStoreWritesWithTheItemsContent() {
        Map<String, Object> stored = putReading("a", 1);
        assertEquals(1, outbox().depth());
        List<PendingChange> pending = pending();
        assertEquals(1, pending.size());
        PendingChange change = pending.get(0);
        assertEquals("Reading", change.model());
        assertEquals(readingKey("a"), change.key());
        assertEquals(Op.PUT, change.op());
        assertEquals(stored, change.item());
        assertNull(change.base());
        assertNull(change.hlc());
    }

    @Test
    public void capturesPlainJdbcInsertUpdateAndDelete() throws Exception {
        fixture.execute(INSERT_READING);
        assertEquals(1, outbox().depth());
        PendingChange inserted = pending().get(0);
        assertEquals(PLAIN_KEY, inserted.key());
        assertEquals(Op.PUT, inserted.op());
        assertEquals(Map.of("pk", "Reading#gw-9", "sk", "Reading#r1", "id", "r1", "deviceId", "gw-9", "sensor", "plain",
                "value", 7L), inserted.item());

        fixture.execute("UPDATE TETHER.READING SET SENSOR = 'edited' WHERE PK = 'Reading#gw-9'");
        assertEquals(2, outbox().depth());
        assertEquals("edited", pending().get(0).item().get("sensor"));

        fixture.execute("DELETE FROM TETHER.READING WHERE PK = 'Reading#gw-9'");
        assertEquals(3, outbox().depth());
        PendingChange deleted = pending().get(0);
        assertEquals(Op.DELETE, deleted.op());
        assertNull(deleted.item());
        assertEquals(PLAIN_KEY, deleted.key());
        assertEquals(List.of("PUT", "PUT", "DELETE"), List.of(
                fixture.queryRow("SELECT OP FROM TETHER.OUTBOX ORDER BY SEQ FETCH FIRST ROW ONLY").get("OP"),
                fixture.queryRow("SELECT OP FROM TETHER.OUTBOX ORDER BY SEQ OFFSET 1 ROW FETCH NEXT ROW ONLY").get("OP"),
                fixture.queryRow("SELECT OP FROM TETHER.OUTBOX ORDER BY SEQ OFFSET 2 ROWS FETCH NEXT ROW ONLY").get("OP")));
    }

    @Test
    public void updatingOnlySyncMetadataIsNotCaptured() throws Exception {
        fixture.execute(INSERT_READING);
        assertEquals(1, fixture.execute("UPDATE TETHER.READING SET TETHER_VERSION = 5, TETHER_HLC = '000000000000000001-00000',"
                + " TETHER_ORIGIN = 'cloud' WHERE PK = 'Reading#gw-9'"));
        assertEquals(1, outbox().depth());
        // ...but a later local edit of that row, by any writer, is.
        fixture.execute("UPDATE TETHER.READING SET UNIT = 'K' WHERE PK = 'Reading#gw-9'");
        assertEquals(2, outbox().depth());
        assertEquals(Long.valueOf(5), pending().get(0).base());
    }

    @Test
    public void coalescesWritesOfOneItemIntoOneChangeWithTheLatestContent() throws Exception {
        putReading("a", 1);
        putReading("a", 2);
        Map<String, Object> latest = putReading("a", 3);
        assertEquals(3, outbox().depth());
        List<PendingChange> pending = pending();
        assertEquals(1, pending.size());
        assertEquals(latest, pending.get(0).item());
        long maxSequence = ((Number) fixture.queryRow("SELECT MAX(SEQ) AS M FROM TETHER.OUTBOX").get("M")).longValue();
        assertEquals(maxSequence, pending.get(0).sequence());
    }

    @Test
    public void ordersItemsByTheirLatestWriteAndHonoursMaxAndSkip() {
        putReading("a", 1);
        putReading("b", 1);
        putReading("c", 1);
        putReading("a", 2);
        assertEquals(List.of(readingKey("b"), readingKey("c"), readingKey("a")),
                pending().stream().map(PendingChange::key).toList());
        assertEquals(List.of(readingKey("b")), outbox().pending(1, Set.of()).stream().map(PendingChange::key).toList());
        assertEquals(List.of(readingKey("c")), outbox().pending(1, Set.of(new ItemRef("Reading", readingKey("b"))))
                .stream().map(PendingChange::key).toList());
        assertEquals(List.of(), outbox().pending(0, Set.of()));
    }

    @Test
    public void deleteBecomesADeleteChangeWithTheLastKnownBase() {
        putReading("a", 1);
        outbox().acknowledge(List.of(new Acknowledgement(pending().get(0), 11)));
        assertEquals(0, outbox().depth());
        fixture.store().delete("Reading", item("deviceId", "gw-1", "id", "a"));
        PendingChange deleted = pending().get(0);
        assertEquals(Op.DELETE, deleted.op());
        assertNull(deleted.item());
        assertEquals(Long.valueOf(11), deleted.base());

        // Re-created before the delete was sent: a put that still builds on version 11.
        putReading("a", 2);
        PendingChange recreated = pending().get(0);
        assertEquals(Op.PUT, recreated.op());
        assertEquals(Long.valueOf(11), recreated.base());
    }

    @Test
    public void acknowledgeRemovesOnlyRowsUpToTheSequenceAndSetsTheBase() throws Exception {
        putReading("a", 1);
        PendingChange first = pending().get(0);
        putReading("a", 2); // written after the change was read: must stay pending
        outbox().acknowledge(List.of(new Acknowledgement(first, 7)));

        assertEquals(1, outbox().depth());
        assertEquals(7L, storedVersion(readingKey("a")));
        PendingChange second = pending().get(0);
        assertTrue(second.sequence() > first.sequence());
        assertEquals(2L, second.item().get("value"));
        assertEquals(Long.valueOf(7), second.base());

        outbox().acknowledge(List.of(new Acknowledgement(second, 8)));
        assertEquals(0, outbox().depth());
        assertEquals(8L, storedVersion(readingKey("a")));
        assertTrue(pending().isEmpty());
    }

    @Test
    public void acknowledgingADeleteOfAGoneItemOnlyClearsTheOutbox() {
        putReading("a", 1);
        fixture.store().delete("Reading", item("deviceId", "gw-1", "id", "a"));
        outbox().acknowledge(List.of(new Acknowledgement(pending().get(0), 3)));
        assertEquals(0, outbox().depth());
    }

    @Test
    public void stampPersistsTheHlcAcrossARestart() {
        putReading("a", 1);
        putReading("b", 1);
        List<PendingChange> pending = pending();
        outbox().stamp(List.of(pending.get(0).withHlc("000001732612345678-00001"),
                pending.get(1).withHlc("000001732612345678-00002")));
        assertEquals(List.of("000001732612345678-00001", "000001732612345678-00002"),
                pending().stream().map(PendingChange::hlc).toList());

        fixture.reopen();
        assertEquals(List.of("000001732612345678-00001", "000001732612345678-00002"),
                pending().stream().map(PendingChange::hlc).toList());
    }

    @Test
    public void aNewerWriteIsUnstamped() {
        putReading("a", 1);
        outbox().stamp(List.of(pending().get(0).withHlc("000001732612345678-00001")));
        putReading("a", 2);
        assertNull(pending().get(0).hlc());
    }

    @Test
    public void reopeningTheDatabaseKeepsTheOutbox() {
        Map<String, Object> a = putReading("a", 1);
        putReading("b", 1);
        fixture.reopen();
        assertEquals(2, outbox().depth());
        List<PendingChange> pending = pending();
        assertEquals(List.of(readingKey("a"), readingKey("b")), pending.stream().map(PendingChange::key).toList());
        assertEquals(a, pending.get(0).item());
    }

    @Test
    public void changingAKeyWithPlainSqlMovesTheItem() throws Exception {
        fixture.execute(INSERT_READING);
        outbox().acknowledge(List.of(new Acknowledgement(pending().get(0), 4)));
        fixture.execute("UPDATE TETHER.READING SET SK = 'Reading#r2', ID = 'r2' WHERE PK = 'Reading#gw-9'");
        List<PendingChange> pending = pending();
        assertEquals(2, pending.size());
        PendingChange moved = pending.stream().filter(change -> change.op() == Op.PUT).findFirst().orElseThrow();
        PendingChange gone = pending.stream().filter(change -> change.op() == Op.DELETE).findFirst().orElseThrow();
        assertEquals(new ItemKey("Reading#gw-9", "Reading#r2"), moved.key());
        assertEquals(PLAIN_KEY, gone.key());
        assertEquals(Long.valueOf(4), gone.base());
    }

    @Test
    public void writesToModelsThatDoNotSyncUpAreNotCaptured() throws Exception {
        fixture.execute("INSERT INTO TETHER.SETTING (PK, SK, DEVICEID, NAME) VALUES ('Setting#gw', 'Setting#x', 'gw', 'x')");
        fixture.store().put("Diagnostic", item("deviceId", "gw", "text", "t"));
        assertEquals(0, outbox().depth());
    }
}
