package dev.tether.transport.mqtt.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff for reconnects. Each delay is drawn from the upper quarter below the
 * current step (never under the minimum) so that many gateways cut off by one broker restart do not
 * all come back in the same millisecond.
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long step;

    Backoff(long minMillis, long maxMillis) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.step = minMillis;
    }

    long nextDelayMillis() {
        long current = step;
        step = Math.min(maxMillis, current > maxMillis / 2 ? maxMillis : current * 2);
        long low = Math.max(minMillis, current - current / 4);
        return low >= current ? current : ThreadLocalRandom.current().nextLong(low, current + 1);
    }

    void reset() {
        step = minMillis;
    }
}
