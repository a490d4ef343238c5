package dev.tether.console.internal;

/**
 * Turns an ever-growing counter into a rate per second between two readings at least a second
 * apart. Readings happen whenever somebody asks for the status; no thread samples in the background.
 */
final class RateMeter {

    private static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    private long lastCount = -1;
    private long lastNanos;
    private double rate;

    synchronized double update(long count, long nowNanos) {
        if (lastCount < 0 || count < lastCount) {
            lastCount = count;
            lastNanos = nowNanos;
            rate = 0;
        } else if (nowNanos - lastNanos >= MIN_WINDOW_NANOS) {
            rate = (count - lastCount) * 1e9 / (nowNanos - lastNanos);
            lastCount = count;
            lastNanos = nowNanos;
        }
        return rate;
    }
}
