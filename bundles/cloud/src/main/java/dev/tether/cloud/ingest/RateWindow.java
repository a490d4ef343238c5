package dev.tether.cloud.ingest;

import java.util.function.LongSupplier;

/** Events per second over the last minute, from one counter per second. */
final class RateWindow {

    private static final int SECONDS = 60;

    private final LongSupplier clockMillis;
    private final long[] counts = new long[SECONDS];
    private final long[] bucketSecond = new long[SECONDS];

    RateWindow(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    synchronized void add(long events) {
        long second = clockMillis.getAsLong() / 1000;
        int bucket = (int) (second % SECONDS);
        if (bucketSecond[bucket] != second) {
            bucketSecond[bucket] = second;
            counts[bucket] = 0;
        }
        counts[bucket] += events;
    }

    /** The average rate over the last 60 seconds. */
    synchronized double perSecond() {
        long now = clockMillis.getAsLong() / 1000;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - bucketSecond[i] < SECONDS) {
                total += counts[i];
            }
        }
        return total / (double) SECONDS;
    }
}
