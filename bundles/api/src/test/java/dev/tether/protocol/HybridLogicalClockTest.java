package dev.tether.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class HybridLogicalClockTest {

    private final AtomicLong wall = new AtomicLong(1_000);
    private final HybridLogicalClock clock = new HybridLogicalClock(wall::get);

    @Test
    public void followsTheWallClockWhenItMovesForward() {
        assertEquals(new Hlc(1_000, 0), clock.now());
        wall.set(2_000);
        assertEquals(new Hlc(2_000, 0), clock.now());
    }

    @Test
    public void neverGoesBackwardsWhenTheWallClockDoes() {
        Hlc first = clock.now();
        wall.set(10);
        Hlc second = clock.now();
        assertTrue(second.compareTo(first) > 0);
        assertEquals(new Hlc(1_000, 1), second);
    }

    @Test
    public void aReceivedTimestampFromTheFutureOrdersLaterEventsAfterIt() {
        Hlc remote = new Hlc(5_000_000, 7);
        Hlc received = clock.receive(remote);
        assertTrue(received.compareTo(remote) > 0);
        assertTrue(clock.now().compareTo(received) > 0);
    }

    @Test
    public void aLateStampKeepsTheEventsOwnTimeWhenItCanAndNeverGoesBackwards() {
        wall.set(50_000);
        assertEquals("stamped later, dated by the event", new Hlc(2_000, 0), clock.stampFor(2_000));
        assertEquals(new Hlc(3_000, 0), clock.stampFor(3_000));
        assertEquals("an event dated before the last stamp still orders after it", new Hlc(3_000, 1), clock.stampFor(1_500));
    }

    @Test
    public void stringFormSortsLikeTheTimestamp() {
        Hlc early = new Hlc(999, 99);
        Hlc late = new Hlc(1_000, 0);
        assertTrue(early.toString().compareTo(late.toString()) < 0);
        assertEquals(late, Hlc.parse(late.toString()));
    }

    @Test
    public void restartsAfterAPersistedTimestamp() {
        HybridLogicalClock restarted = new HybridLogicalClock(() -> 5, new Hlc(9_000, 4));
        assertEquals(new Hlc(9_000, 5), restarted.now());
    }
}
