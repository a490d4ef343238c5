package dev.tether.load.generator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LatencyHistogramTest {

    @Test
    public void percentilesAreWithinTheBucketWidthOfTheTrueValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros);
        }
        assertEquals(10_000, histogram.count());
        assertWithinTwoPercent(5_000, histogram.percentileMicros(0.50));
        assertWithinTwoPercent(9_900, histogram.percentileMicros(0.99));
        assertEquals(10_000, histogram.percentileMicros(1.0));
        assertEquals(10_000, histogram.maxMicros());
    }

    @Test
    public void anOutlierMovesOnlyTheTopPercentiles() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 999; i++) {
            histogram.record(2_000);
        }
        histogram.record(3_000_000);
        assertWithinTwoPercent(2_000, histogram.percentileMicros(0.99));
        assertEquals(3_000_000, histogram.percentileMicros(1.0));
    }

    @Test
    public void anEmptyHistogramReportsZero() {
        assertEquals(0, new LatencyHistogram().percentileMicros(0.5));
    }

    private static void assertWithinTwoPercent(long expected, long actual) {
        assertTrue("expected about " + expected + " but was " + actual, Math.abs(actual - expected) <= expected * 0.021);
    }
}
