package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemChange;
import dev.tether.store.ItemRef;
import dev.tether.store.PendingChange;
import dev.tether.store.Update;

/** Cloud changes are applied without echo, and later local edits of those items are captured by any writer. */
public class InboundApplyTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    private static CloudChange fault(String id, String code, long version) {
        return new CloudChange("Fault", new ItemKey("Fault#gw-1", "Fault#" + id), Op.PUT,
                item("id", id, "deviceId", "gw-1", "code", code, "severity", "info", "active", true,
                        "created", "2020-01-01T00:00:00.000Z", "updated", "2020-01-02T00:00:00.000Z"),
                version, "cloud-app", "0000000001-0000-cloud");
    }

    @Test
    public void appliedChangesAreNotEchoedAndKeepTheCloudsMetadata() throws Exception {
        ApplyResult result = fixture.store().inbound().apply(List.of(fault("a", "E1", 5), fault("b", "E2", 6)),
                Map.of("down.cursor", "6"));
        assertEquals(2, result.applied().size());
        assertEquals(0, fixture.store().outbox().depth());
        Map<String, Object> row = fixture.queryRow("SELECT TETHER_VERSION, TETHER_HLC, TETHER_ORIGIN, UPDATED FROM TETHER.FAULT"
                + " WHERE SK = 'Fault#a'");
        assertEquals(5L, row.get("TETHER_VERSION"));
        assertEquals("0000000001-0000-cloud", row.get("TETHER_HLC"));
        assertEquals("cloud-app", row.get("TETHER_ORIGIN"));
        assertEquals("2020-01-02T00:00:00.000Z", row.get("UPDATED")); // not re-stamped with the device clock
        assertEquals(Optional.of("6"), fixture.store().inbound().syncState("down.cursor"));
    }

    @Test
    public void aLaterLocalEditOfAnAppliedRowIsCapturedWhoeverWritesIt() throws Exception {
        fixture.store().inbound().apply(List.of(fault("a", "E1", 5), fault("b", "E2", 6), fault("c", "E3", 7)), Map.of());
        assertEquals(0, fixture.store().outbox().depth());

        fixture.execute("UPDATE TETHER.FAULT SET SEVERITY = 'critical' WHERE SK = 'Fault#a'"); // plain JDBC
        fixture.store().update("Fault", item("deviceId", "gw-1", "id", "b"), Update.set("active", false), null);
        fixture.execute("DELETE FROM TETHER.FAULT WHERE SK = 'Fault#c'");

        // The store's own write reaches the outbox through its journal: no order across items is promised.
        Map<String, PendingChange> pending = fixture.store().outbox().pending(10, Set.of()).stream()
                .collect(Collectors.toMap(change -> change.key().sk(), change -> change));
        assertEquals(Set.of("Fault#a", "Fault#b", "Fault#c"), pending.keySet());
        assertEquals("critical", pending.get("Fault#a").item().get("severity"));
        assertEquals(Long.valueOf(5), pending.get("Fault#a").base());
        assertEquals(false, pending.get("Fault#b").item().get("active"));
        assertEquals(Long.valueOf(6), pending.get("Fault#b").base());
        assertEquals(Op.DELETE, pending.get("Fault#c").op());
        assertEquals(Long.valueOf(7), pending.get("Fault#c").base());
    }

    @Test
    public void itemsWithUnacknowledgedLocalWorkAreSkippedAndReported() throws Exception {
        Map<String, Object> local = fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        ApplyResult result = fixture.store().inbound().apply(List.of(fault("a", "CLOUD", 9), fault("b", "E2", 3)), Map.of());
        assertEquals(List.of(new ItemRef("Fault", new ItemKey("Fault#gw-1", "Fault#a"))), result.pendingLocal());
        assertEquals(1, result.applied().size());
        assertEquals("LOCAL", fixture.store().get("Fault", local).orElseThrow().get("code"));
        assertEquals(1, fixture.store().outbox().depth());
    }

    @Test
    public void aChangeOfTheVersionTheRowAlreadyClaimsIsAppliedAgain() {
        // A late copy of the device's write, acknowledged as a duplicate, gives the row the item's current
        // cloud version while the row still holds the device's content; that version's change comes after.
        Map<String, Object> local = fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        PendingChange change = fixture.store().outbox().pending(1, Set.of()).get(0).withHlc("0000000002-0000-device");
        fixture.store().outbox().stamp(List.of(change));
        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(change, 7)));
        ApplyResult result = fixture.store().inbound().apply(List.of(fault("a", "CLOUD", 7)), Map.of());
        assertEquals(1, result.applied().size());
        assertEquals("CLOUD", fixture.store().get("Fault", local).orElseThrow().get("code"));
    }

    @Test
    public void staleAndUnstorableChangesAreReportedWithoutFailingTheBatch() {
        fixture.store().inbound().apply(List.of(fault("a", "E1", 5)), Map.of());
        CloudChange bad = new CloudChange("Fault", new ItemKey("Fault#gw-1", "Fault#x"), Op.PUT,
                item("code", "E1", "active", "not a boolean"), 8, "cloud-app", "h");
        CloudChange unknown = new CloudChange("Fleet", new ItemKey("Fleet#a", "Fleet#"), Op.PUT, item("name", "a"), 9, "c", "h");
        ApplyResult result = fixture.store().inbound().apply(List.of(fault("a", "OLD", 4), bad, unknown, fault("b", "E2", 10)),
                Map.of("down.cursor", "10"));
        assertEquals(1, result.stale().size());
        assertEquals(2, result.rejected().size());
        assertTrue(result.rejected().get(1).reason(), result.rejected().get(1).reason().contains("no table on the device"));
        assertEquals(1, result.applied().size());
        assertEquals("E1", fixture.store().get("Fault", item("deviceId", "gw-1", "id", "a")).orElseThrow().get("code"));
        assertEquals(Optional.of("10"), fixture.store().inbound().syncState("down.cursor"));
    }

    @Test
    public void deletesFromTheCloudAreAppliedWithoutEchoAndListenersSeeTheOrigin() {
        List<ItemChange> heard = new ArrayList<>();
        fixture.store().subscribe("Fault", heard::addAll);
        fixture.store().inbound().apply(List.of(fault("a", "E1", 5)), Map.of());
        fixture.store().inbound().apply(List.of(new CloudChange("Fault", new ItemKey("Fault#gw-1", "Fault#a"), Op.DELETE, null,
                6, "cloud-app", "h2")), Map.of());
        assertTrue(fixture.store().get("Fault", item("deviceId", "gw-1", "id", "a")).isEmpty());
        assertEquals(0, fixture.store().outbox().depth());
        assertEquals(List.of(ItemChange.Kind.CREATED, ItemChange.Kind.REMOVED), heard.stream().map(ItemChange::kind).toList());
        assertTrue(heard.stream().allMatch(ItemChange::fromCloud));
    }

    @Test
    public void syncStateIsDurableAndCommitsWithTheApplyOrNotAtAll() {
        Map<String, String> entries = new HashMap<>();
        entries.put("down.cursor", "1");
        entries.put("last.hlc", "h");
        fixture.store().inbound().updateSyncState(entries);
        entries.put("last.hlc", null);
        fixture.store().inbound().updateSyncState(entries);
        fixture.reopen();
        assertEquals(Map.of("down.cursor", "1"), fixture.store().inbound().syncState());

        String tooLong = "x".repeat(40_000);
        assertThrows(RuntimeException.class,
                () -> fixture.store().inbound().apply(List.of(fault("a", "E1", 5)), Map.of("down.cursor", tooLong)));
        assertTrue(fixture.store().get("Fault", item("deviceId", "gw-1", "id", "a")).isEmpty());
        assertEquals(Optional.of("1"), fixture.store().inbound().syncState("down.cursor"));
    }
}
