package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemChange;
import dev.tether.store.PendingChange;
import dev.tether.store.Update;

/**
 * A cloud change that finds unacknowledged local work on its item is held, and the acknowledgement of
 * that work applies it when the cloud wrote it after the device's write: otherwise the device would
 * never see that write again (its down cursor has moved past it).
 */
public class HeldChangesTest {

    private static final ItemKey KEY = new ItemKey("Fault#gw-1", "Fault#a");

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void aCloudWriteMadeAfterTheDevicesIsAppliedWhenTheDevicesWriteIsAcknowledged() throws Exception {
        List<ItemChange> heard = new CopyOnWriteArrayList<>();
        fixture.store().subscribe("Fault", heard::addAll);
        PendingChange sent = writeLocally("LOCAL");
        fixture.store().inbound().apply(List.of(fromCloud("LATER", 7)), Map.of());
        assertEquals("held back while the local write is unacknowledged", "LOCAL", code());

        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(sent, 6)));

        assertEquals("LATER", code());
        Map<String, Object> row = metadata();
        assertEquals(7L, row.get("TETHER_VERSION"));
        assertEquals("cloud-app", row.get("TETHER_ORIGIN"));
        assertEquals("0000000007-0000-cloud", row.get("TETHER_HLC"));
        assertEquals("no echo", 0, fixture.store().outbox().depth());
        assertTrue(heard.stream().anyMatch(change -> change.fromCloud() && "LATER".equals(change.item().get("code"))));
        assertEquals(0, heldCount());
    }

    @Test
    public void aHeldChangeOlderThanTheAcknowledgedVersionIsDropped() throws Exception {
        PendingChange sent = writeLocally("LOCAL");
        fixture.store().inbound().apply(List.of(fromCloud("EARLIER", 5)), Map.of());

        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(sent, 6)));

        assertEquals("LOCAL", code());
        Map<String, Object> row = metadata();
        assertEquals(6L, row.get("TETHER_VERSION"));
        assertEquals("the acknowledged write's HLC", sent.hlc(), row.get("TETHER_HLC"));
        assertNull("this device's own write", row.get("TETHER_ORIGIN"));
        assertEquals(0, heldCount());
    }

    @Test
    public void aHeldChangeWaitsWhileTheItemWasWrittenAgainAndYieldsToThatWrite() throws Exception {
        PendingChange first = writeLocally("FIRST");
        fixture.store().inbound().apply(List.of(fromCloud("CLOUD", 7)), Map.of());
        fixture.store().update("Fault", item("deviceId", "gw-1", "id", "a"), Update.set("code", "SECOND"),
                null);

        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(first, 6)));
        assertEquals("the newer local write stays", "SECOND", code());
        assertEquals(1, heldCount());

        PendingChange second = stamped(fixture.store().outbox().pending(10, Set.of()).get(0));
        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(second, 8)));
        assertEquals("the cloud took the second write after its own (version 8 > 7)", "SECOND", code());
        assertEquals(8L, metadata().get("TETHER_VERSION"));
        assertEquals(0, heldCount());
    }

    @Test
    public void aDuplicateAnsweredWithTheLaterCloudVersionBringsThatVersionsContent() throws Exception {
        // a late copy of the device's write, acknowledged with the version of the cloud write made since
        PendingChange resent = writeLocally("RESENT");
        fixture.store().inbound().apply(List.of(fromCloud("CLOUD SINCE", 9)), Map.of());

        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(resent, 9)));

        assertEquals("CLOUD SINCE", code());
        assertEquals("cloud-app", metadata().get("TETHER_ORIGIN"));
    }

    @Test
    public void aConflictTheDeviceWonKeepsItsWriteAndThenTakesALaterHeldCloudWrite() throws Exception {
        PendingChange sent = writeLocally("DEVICE");
        fixture.store().inbound().apply(List.of(fromCloud("AFTER THE CONFLICT", 12)), Map.of());

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 11), null);

        assertEquals("AFTER THE CONFLICT", code());
        assertEquals(12L, metadata().get("TETHER_VERSION"));
        assertEquals(1, fixture.store().inbound().conflicts(10).size());
    }

    @Test
    public void aConflictTheDeviceWonRecordsItsOwnWriteAsTheVersionsWrite() throws Exception {
        PendingChange sent = writeLocally("DEVICE");

        fixture.store().inbound().settleConflict(new Acknowledgement(sent, 11), null);

        Map<String, Object> row = metadata();
        assertEquals(11L, row.get("TETHER_VERSION"));
        assertEquals(sent.hlc(), row.get("TETHER_HLC"));
        assertNull(row.get("TETHER_ORIGIN"));
    }

    @Test
    public void aDeadLetteredWriteReleasesTheHeldCloudWrite() throws Exception {
        PendingChange sent = writeLocally("REJECTED");
        fixture.store().inbound().apply(List.of(fromCloud("CLOUD", 4)), Map.of());

        fixture.store().outbox().deadLetter(sent, "rejected by the cloud: not allowed");

        assertEquals("CLOUD", code());
        assertEquals(0, fixture.store().outbox().depth());
    }

    private PendingChange writeLocally(String code) {
        fixture.store().upsert("Fault", item("deviceId", "gw-1", "id", "a", "code", code));
        return stamped(fixture.store().outbox().pending(10, Set.of()).get(0));
    }

    /** As the engine does before sending. */
    private PendingChange stamped(PendingChange change) {
        PendingChange stamped = change.withHlc("0000000006-0000-gw-1");
        fixture.store().outbox().stamp(List.of(stamped));
        return stamped;
    }

    private static CloudChange fromCloud(String code, long version) {
        return new CloudChange("Fault", KEY, Op.PUT, item("id", "a", "deviceId", "gw-1", "code", code, "severity", "info",
                "active", true, "created", "2020-01-01T00:00:00.000Z", "updated", "2020-01-02T00:00:00.000Z"),
                version, "cloud-app", String.format("%010d-0000-cloud", version));
    }

    private String code() {
        return (String) fixture.store().get("Fault", item("deviceId", "gw-1", "id", "a")).orElseThrow().get("code");
    }

    private long heldCount() throws Exception {
        return ((Number) fixture.queryRow("SELECT COUNT(*) AS N FROM TETHER.HELD_CHANGE").get("N")).longValue();
    }

    private Map<String, Object> metadata() throws Exception {
        return fixture.queryRow("SELECT TETHER_VERSION, TETHER_HLC, TETHER_ORIGIN FROM TETHER.FAULT WHERE SK = 'Fault#a'");
    }
}
