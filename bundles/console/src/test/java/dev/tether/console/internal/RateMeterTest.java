package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    public void theRateIsTheGrowthPerSecondBetweenReadingsASecondApart() {
        RateMeter meter = new RateMeter();
        assertEquals(0.0, meter.update(100, 0), 0.0);
        assertEquals("too soon: the last rate stays", 0.0, meter.update(150, SECOND / 2), 0.0);
        assertEquals(50.0, meter.update(200, 2 * SECOND), 0.001);
        assertEquals("a restarted counter starts over", 0.0, meter.update(3, 3 * SECOND), 0.0);
    }
}
