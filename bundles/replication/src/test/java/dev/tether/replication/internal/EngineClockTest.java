package dev.tether.replication.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.tether.protocol.Hlc;

import org.junit.Test;

public class EngineClockTest {

    private static final long SYSTEM_NOW = 1_700_000_000_000L;

    @Test
    public void anOffsetShiftsTheWallClockAndTheCaptureTimesAlike() {
        EngineClock clock = new EngineClock(() -> SYSTEM_NOW, -1_000_000, new Hlc(0, 0), any -> { });

        assertEquals(SYSTEM_NOW - 1_000_000, clock.wall().getAsLong());
        assertEquals(new Hlc(SYSTEM_NOW - 1_000_500, 0), clock.stampCaptured(SYSTEM_NOW - 500));
        assertEquals(new Hlc(SYSTEM_NOW - 1_000_000, 0), clock.hlc().now());
    }

    @Test
    public void withoutAnOffsetCaptureTimesAreTakenAsTheyAre() {
        EngineClock clock = new EngineClock(() -> SYSTEM_NOW, new Hlc(0, 0), any -> { });

        assertEquals(new Hlc(SYSTEM_NOW - 500, 0), clock.stampCaptured(SYSTEM_NOW - 500));
    }

    @Test
    public void theTestPropertyIsMillisecondsOrAbsent() {
        assertEquals(0, EngineClock.testOffset(null));
        assertEquals(0, EngineClock.testOffset(" "));
        assertEquals(-5, EngineClock.testOffset("-5"));
        assertThrows(IllegalArgumentException.class, () -> EngineClock.testOffset("5 years"));
    }
}
