package dev.tether.load.generator.internal;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, comparable across the processes of one machine. */
final class Clock {

    private Clock() {
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
