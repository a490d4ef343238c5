package dev.tether.benchmarks.load;

import java.util.Arrays;

/** Every latency of a measurement (µs), for exact percentiles. Thread-safe. */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    synchronized void record(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** The value at the quantile in milliseconds, NaN when empty. */
    synchronized double percentileMillis(double quantile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(quantile * size) - 1));
        return sorted[index] / 1000.0;
    }
}
