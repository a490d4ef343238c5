package dev.tether.benchmarks.load;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, comparable with what the gateway's load generator records. */
final class Clock {

    private Clock() {
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
