package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.PendingChange;
import dev.tether.store.Update;

/**
 * The store's own puts are captured in {@code TETHER.CAPTURE_JOURNAL}, one row per transaction, and
 * reach the outbox when the engine's side reads it; other writers and deletes go through the triggers.
 */
public class CaptureJournalTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void aTransactionsPutsAreOneJournalRowAndPendingOnceMoved() throws Exception {
        fixture.store().transaction(tx -> {
            for (int i = 0; i < 50; i++) {
                tx.upsert("Reading", reading("r" + i, i));
            }
            tx.upsert("Reading", reading("r7", 700)); // the same item again: one entry
            return null;
        });
        assertEquals(1L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals(50L, count("SELECT SUM(ENTRIES) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals("the triggers skipped the store's puts", 0L, count("SELECT COUNT(*) FROM TETHER.OUTBOX"));
        assertEquals(50, fixture.store().outbox().depth());
        assertTrue(fixture.store().outbox().oldestCapturedAtMillis().isPresent());

        List<PendingChange> pending = fixture.store().outbox().pending(100, Set.of());
        assertEquals(50, pending.size());
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals(50L, count("SELECT COUNT(*) FROM TETHER.OUTBOX"));
        assertEquals(50, fixture.store().outbox().depth());
        PendingChange r7 = pending.stream().filter(change -> change.key().sk().equals("Reading#r7")).findFirst().orElseThrow();
        assertEquals(Op.PUT, r7.op());
        assertEquals(700L, ((Number) r7.item().get("value")).longValue());
    }

    @Test
    public void theJournalIsMovedWhenAReadRunsShortAndByEveryAcknowledgementNotOtherwise() throws Exception {
        fixture.execute("INSERT INTO TETHER.READING (PK, SK, ID, DEVICEID, \"VALUE\") VALUES ('Reading#gw-1', 'Reading#jdbc', 'jdbc', 'gw-1', 1)");
        fixture.store().put("Reading", reading("r1", 1));
        List<PendingChange> first = fixture.store().outbox().pending(1, Set.of());
        assertEquals("Reading#jdbc", first.get(0).key().sk());
        assertEquals("the outbox had enough: no move", 1L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));

        PendingChange stamped = first.get(0).withHlc("0000000002-0000-device");
        fixture.store().outbox().stamp(List.of(stamped));
        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(stamped, 3)));
        assertEquals("moved in the acknowledgement's transaction", 0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals(1L, count("SELECT COUNT(*) FROM TETHER.OUTBOX"));

        fixture.store().put("Reading", reading("r2", 2));
        List<PendingChange> next = fixture.store().outbox().pending(10, Set.of());
        assertEquals("a short read moves the journal", Set.of("Reading#r1", "Reading#r2"),
                next.stream().map(change -> change.key().sk()).collect(Collectors.toSet()));
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
    }

    @Test
    public void aTransactionThatFailsLeavesNothingInTheJournal() throws Exception {
        assertThrows(IllegalStateException.class, () -> fixture.store().transaction(tx -> {
            tx.upsert("Reading", reading("r1", 1));
            throw new IllegalStateException("the application gives up");
        }));
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals(0, fixture.store().outbox().depth());
    }

    @Test
    public void theJournalRowIsWrittenInTheWritersTransaction() throws Exception {
        try (Connection connection = fixture.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatements statements = new PreparedStatements(connection)) {
                CaptureJournal.record(statements, List.of(new CaptureJournal.Entry("Reading", new ItemKey("Reading#gw-1", "Reading#x"))));
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL");
                    ResultSet row = select.executeQuery()) {
                row.next();
                assertEquals(1, row.getInt(1));
            }
            connection.rollback();
        }
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
    }

    @Test
    public void aLargeTransactionSpreadsOverSeveralJournalRowsAndLosesNoEntry() throws Exception {
        String padding = "x".repeat(200);
        fixture.store().transaction(tx -> {
            for (int i = 0; i < 600; i++) {
                tx.upsert("Reading", reading(i + padding, i)); // the varying part first: little shared
            }
            return null;
        });
        assertTrue("rows: " + count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"),
                count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL") > 1);
        assertEquals(600L, count("SELECT SUM(ENTRIES) FROM TETHER.CAPTURE_JOURNAL"));
        Set<String> pending = fixture.store().outbox().pending(1000, Set.of()).stream()
                .map(change -> change.key().sk()).collect(Collectors.toSet());
        assertEquals(600, pending.size());
        assertTrue(pending.contains("Reading#599" + padding));
    }

    @Test
    public void entriesSurviveEncodingWhateverTheKeysHold() {
        List<CaptureJournal.Entry> entries = List.of(
                new CaptureJournal.Entry("Reading", new ItemKey("Reading#gw:1", "Reading#-7:x")),
                new CaptureJournal.Entry("Diagnostic", new ItemKey("Diagnostic#gw-1", "")),
                new CaptureJournal.Entry("NoSort", new ItemKey("12:34", null)),
                new CaptureJournal.Entry("Fault", new ItemKey("Fault#Grüße 😀", "Fault#-")));
        assertEquals(entries, CaptureJournal.decode(encode(entries)));

        List<CaptureJournal.Entry> similar = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            similar.add(new CaptureJournal.Entry("Reading", new ItemKey("Reading#gw-" + (i / 50), "Reading#" + i)));
        }
        String items = encode(similar);
        assertEquals(similar, CaptureJournal.decode(items));
        assertTrue("keys share their prefixes: " + items.length() + " characters",
                items.length() < similar.stream().mapToInt(entry -> CaptureJournal.full(entry).length()).sum() / 2);
    }

    private static String encode(List<CaptureJournal.Entry> entries) {
        StringBuilder items = new StringBuilder();
        String previous = "";
        for (CaptureJournal.Entry entry : entries) {
            String full = CaptureJournal.full(entry);
            CaptureJournal.append(items, previous, full);
            previous = full;
        }
        return items.toString();
    }

    @Test
    public void putThenDeleteInOneTransactionGoesUpAsADeleteWithTheRowsVersion() throws Exception {
        Map<String, Object> fault = fixture.store().create("Fault", fault("a", "E1"));
        acknowledgeAll(9);
        fixture.store().transaction(tx -> {
            tx.update("Fault", fault, Update.set("code", "E2"), null);
            tx.remove("Fault", fault, null);
            return null;
        });
        List<PendingChange> pending = fixture.store().outbox().pending(10, Set.of());
        assertEquals(1, pending.size());
        assertEquals(Op.DELETE, pending.get(0).op());
        assertEquals(Long.valueOf(9), pending.get(0).base());
    }

    @Test
    public void deleteThenCreateAgainGoesUpAsAPutOnTheDeletedVersion() throws Exception {
        Map<String, Object> fault = fixture.store().create("Fault", fault("a", "E1"));
        acknowledgeAll(4);
        fixture.store().delete("Fault", fault);
        fixture.store().create("Fault", fault("a", "E3"));
        List<PendingChange> pending = fixture.store().outbox().pending(10, Set.of());
        assertEquals(1, pending.size());
        assertEquals(Op.PUT, pending.get(0).op());
        assertEquals("E3", pending.get(0).item().get("code"));
        assertEquals(Long.valueOf(4), pending.get(0).base());
    }

    @Test
    public void otherWritersAreStillCapturedByTheTriggersAndModelsThatDoNotSyncUpNotAtAll() throws Exception {
        fixture.execute("INSERT INTO TETHER.READING (PK, SK, ID, DEVICEID, \"VALUE\") VALUES ('Reading#gw-1', 'Reading#jdbc', 'jdbc', 'gw-1', 1)");
        assertEquals(1L, count("SELECT COUNT(*) FROM TETHER.OUTBOX"));
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));

        fixture.store().put("Diagnostic", item("deviceId", "gw-1", "text", "local only"));
        assertEquals(0L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        assertEquals(1, fixture.store().outbox().depth());
    }

    @Test
    public void aCloudChangeToAnItemWhoseLocalWriteIsStillInTheJournalIsHeld() throws Exception {
        Map<String, Object> local = fixture.store().create("Fault", fault("a", "LOCAL"));
        assertEquals(1L, count("SELECT COUNT(*) FROM TETHER.CAPTURE_JOURNAL"));
        ApplyResult result = fixture.store().inbound().apply(List.of(new CloudChange("Fault",
                new ItemKey("Fault#gw-1", "Fault#a"), Op.PUT, fault("a", "CLOUD"), 3, "cloud-app", "0000000001-0000-cloud")),
                Map.of());
        assertEquals(1, result.pendingLocal().size());
        assertEquals("LOCAL", fixture.store().get("Fault", local).orElseThrow().get("code"));
        assertEquals(1L, count("SELECT COUNT(*) FROM TETHER.HELD_CHANGE"));
    }

    @Test
    public void aCloudDeleteOfAnItemTheDeviceDoesNotHaveDeletesNothing() throws Exception {
        ApplyResult result = fixture.store().inbound().apply(List.of(new CloudChange("Fault",
                new ItemKey("Fault#gw-1", "Fault#gone"), Op.DELETE, null, 5, "cloud-app", "0000000001-0000-cloud")), Map.of());
        assertEquals(1, result.applied().size());
        assertNull(fixture.queryRow("SELECT * FROM TETHER.FAULT WHERE SK = 'Fault#gone'"));
        assertEquals(0, fixture.store().outbox().depth());
    }

    private void acknowledgeAll(long version) {
        List<Acknowledgement> acknowledgements = new ArrayList<>();
        for (PendingChange change : fixture.store().outbox().pending(100, Set.of())) {
            PendingChange stamped = change.withHlc("0000000002-0000-device");
            fixture.store().outbox().stamp(List.of(stamped));
            acknowledgements.add(new Acknowledgement(stamped, version));
        }
        fixture.store().outbox().acknowledge(acknowledgements);
        assertEquals(0, fixture.store().outbox().depth());
    }

    private long count(String sql) throws Exception {
        Object value = fixture.queryRow(sql).values().iterator().next();
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Map<String, Object> reading(String id, long value) {
        return item("id", id, "deviceId", "gw-1", "sensor", "s", "value", value);
    }

    private static Map<String, Object> fault(String id, String code) {
        return item("id", id, "deviceId", "gw-1", "code", code, "severity", "info", "active", true);
    }
}
