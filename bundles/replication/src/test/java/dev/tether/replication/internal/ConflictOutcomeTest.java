package dev.tether.replication.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Map;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.CloudChange;
import dev.tether.store.PendingChange;

import org.junit.Test;

public class ConflictOutcomeTest {

    private static final ItemKey KEY = ItemKey.of("F#1");
    private static final String DEVICE_HLC = "000000000000000010-00000";
    private static final PendingChange SENT = new PendingChange(7, "Fault", KEY, Op.PUT, Map.of("code", "device"), 3L,
            DEVICE_HLC, 10);

    @Test
    public void theCloudsWinnerIsAppliedWithTheOriginAndHlcOfTheWriteThatWon() {
        AckResult result = AckResult.conflict("Fault", KEY, 5, Map.of("code", "cloud"), "cloud-api", "000000000000000020-00000");

        CloudChange winner = ConflictOutcome.cloudWinner(SENT, result);

        assertEquals(Map.of("code", "cloud"), winner.item());
        assertEquals(5, winner.version());
        assertEquals("cloud-api", winner.origin());
        assertEquals("000000000000000020-00000", winner.hlc());
    }

    @Test
    public void aWinningDeleteIsAppliedAsADeleteWithItsOrigin() {
        AckResult result = AckResult.conflict("Fault", KEY, 6, null, "gw-2", "000000000000000030-00000");

        CloudChange winner = ConflictOutcome.cloudWinner(SENT, result);

        assertEquals(Op.DELETE, winner.op());
        assertEquals("gw-2", winner.origin());
        assertEquals("000000000000000030-00000", winner.hlc());
    }

    @Test
    public void theDevicesOwnWriteWinningNeedsNothingApplied() {
        AckResult result = AckResult.conflict("Fault", KEY, 8, Map.of("code", "device"), "gw-1", DEVICE_HLC);

        assertNull(ConflictOutcome.cloudWinner(SENT, result));
    }

    @Test
    public void aCloudThatDoesNotNameTheWinnerLeavesTheOldMarking() {
        AckResult result = AckResult.conflict("Fault", KEY, 5, Map.of("code", "cloud"));

        CloudChange winner = ConflictOutcome.cloudWinner(SENT, result);

        assertEquals(ConflictOutcome.UNNAMED_ORIGIN, winner.origin());
        assertEquals(DEVICE_HLC, winner.hlc());
    }
}
