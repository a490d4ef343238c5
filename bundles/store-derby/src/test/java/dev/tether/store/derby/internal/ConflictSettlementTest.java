package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemChange;
import dev.tether.store.LocalConflict;
import dev.tether.store.PendingChange;

/** A conflict the cloud settled leaves the device holding the winner, with the conflict in its log, in one transaction. */
public class ConflictSettlementTest {

    private static final ItemKey KEY = new ItemKey("Fault#gw-1", "Fault#a");

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void aWinningCloudWriteReplacesTheLocalOneWithoutEcho() throws Exception {
        fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        PendingChange sent = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));
        List<ItemChange> heard = new ArrayList<>();
        fixture.store().subscribe("Fault", heard::addAll);

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 12), cloudFault("CLOUD", 12));

        assertEquals("CLOUD", fixture.store().get("Fault", item("deviceId", "gw-1", "id", "a")).orElseThrow().get("code"));
        assertEquals(0, fixture.store().outbox().depth());
        assertEquals(12L, fixture.queryRow("SELECT TETHER_VERSION FROM TETHER.FAULT WHERE SK = 'Fault#a'").get("TETHER_VERSION"));
        assertEquals(1, heard.size());
        assertTrue(heard.get(0).fromCloud());
        LocalConflict conflict = fixture.store().inbound().conflicts(10).get(0);
        assertEquals("Fault", conflict.model());
        assertEquals(KEY, conflict.key());
        assertEquals(Op.PUT, conflict.op());
        assertEquals("LOCAL", conflict.local().get("code"));
        assertEquals(sent.hlc(), conflict.localHlc());
        assertNull(conflict.base());
        assertFalse(conflict.deviceWon());
        assertEquals("CLOUD", conflict.winner().get("code"));
        assertEquals(12, conflict.version());
        assertEquals(1, fixture.store().inbound().conflictCount());
    }

    @Test
    public void aWinningLocalWriteStaysAndTakesTheSettledVersionAsItsBase() throws Exception {
        Map<String, Object> local = fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        PendingChange sent = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 15), null);

        assertEquals("LOCAL", fixture.store().get("Fault", local).orElseThrow().get("code"));
        assertEquals(0, fixture.store().outbox().depth());
        fixture.store().update("Fault", local, dev.tether.store.Update.set("code", "NEXT"), null);
        assertEquals(Long.valueOf(15), fixture.store().outbox().pending(10, Set.of()).get(0).base());
        LocalConflict conflict = fixture.store().inbound().conflicts(10).get(0);
        assertTrue(conflict.deviceWon());
        assertEquals("LOCAL", conflict.winner().get("code"));
    }

    @Test
    public void aWinningCloudDeleteRemovesTheItem() throws Exception {
        Map<String, Object> local = fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        PendingChange sent = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 20),
                new CloudChange("Fault", KEY, Op.DELETE, null, 20, "cloud", sent.hlc()));

        assertTrue(fixture.store().get("Fault", local).isEmpty());
        assertEquals(0, fixture.store().outbox().depth());
        assertNull(fixture.store().inbound().conflicts(10).get(0).winner());
    }

    @Test
    public void aLocalWriteMadeAfterTheSentOneIsNotOverwrittenAndStaysPending() throws Exception {
        Map<String, Object> local = fixture.store().create("Fault", item("deviceId", "gw-1", "id", "a", "code", "LOCAL"));
        PendingChange sent = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));
        fixture.store().update("Fault", local, dev.tether.store.Update.set("code", "NEWER"), null);

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 12), cloudFault("CLOUD", 12));

        assertEquals("NEWER", fixture.store().get("Fault", local).orElseThrow().get("code"));
        List<PendingChange> pending = fixture.store().outbox().pending(10, Set.of());
        assertEquals(1, pending.size());
        assertEquals(Long.valueOf(12), pending.get(0).base());
        assertEquals(1, fixture.store().inbound().conflictCount());
    }

    @Test
    public void theLogListsNewestFirst() throws Exception {
        for (String code : List.of("ONE", "TWO")) {
            fixture.store().put("Fault", item("deviceId", "gw-1", "id", "a", "code", code));
            PendingChange sent = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));
            fixture.store().inbound().settleConflict(new Acknowledgement(sent, code.length() * 10L), null);
        }

        List<LocalConflict> conflicts = fixture.store().inbound().conflicts(10);

        assertEquals(List.of("TWO", "ONE"), conflicts.stream().map(conflict -> conflict.local().get("code")).toList());
        assertTrue(conflicts.get(0).id() > conflicts.get(1).id());
        assertEquals(1, fixture.store().inbound().conflicts(1).size());
    }

    private PendingChange stamped(PendingChange change) {
        PendingChange withHlc = change.withHlc("000001700000000000-00001");
        fixture.store().outbox().stamp(List.of(withHlc));
        return withHlc;
    }

    private static CloudChange cloudFault(String code, long version) {
        return new CloudChange("Fault", KEY, Op.PUT,
                item("id", "a", "deviceId", "gw-1", "code", code, "severity", "info", "active", true,
                        "created", "2020-01-01T00:00:00.000Z", "updated", "2020-01-02T00:00:00.000Z"),
                version, "cloud-api", "000001700000000005-00000");
    }
}
