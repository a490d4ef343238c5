package dev.tether.replication.internal;

import java.util.function.DoubleSupplier;

/** Exponential backoff with jitter: first wait is the base, each retry doubles it up to the cap, ±20 % random. */
final class Backoff {

    private static final double JITTER = 0.2;

    private final long baseMillis;
    private final long capMillis;
    private final DoubleSupplier random;

    Backoff(long baseMillis, long capMillis, DoubleSupplier random) {
        this.baseMillis = baseMillis;
        this.capMillis = Math.max(baseMillis, capMillis);
        this.random = random;
    }

    /** The wait before attempt number {@code attempt + 1}, given that {@code attempt} attempts were made (≥ 1). */
    long delayAfter(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long plain = Math.min(capMillis, baseMillis << doublings);
        double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return Math.max(1, Math.round(plain * factor));
    }
}
