package dev.tether.replication.internal;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.tether.protocol.Hlc;
import dev.tether.protocol.HybridLogicalClock;

/**
 * The engine's clocks: the wall clock, and the hybrid logical clock that orders writes. The HLC's
 * latest timestamp is kept durable, so that after a restart — even with the wall clock reset to
 * 1970 — the device never issues a timestamp older than one it issued or received before.
 */
final class EngineClock {

    /**
     * Framework (or system) property for tests only: milliseconds added to every wall-clock reading
     * of the engine, capture times of outbox rows included, so that a test gateway behaves as one
     * whose clock is that far ahead (negative: behind) of the cloud's. Never set it on a real gateway.
     */
    static final String TEST_OFFSET_PROPERTY = "tether.replication.test.clockOffsetMillis";

    private final LongSupplier wall;
    private final long offsetMillis;
    private final HybridLogicalClock hlc;
    private final Consumer<Hlc> persister;

    EngineClock(LongSupplier wall, Hlc startAfter, Consumer<Hlc> persister) {
        this(wall, 0, startAfter, persister);
    }

    /**
     * @param systemWall the system clock, which the store also dates captured writes by
     * @param offsetMillis how far this engine's clock is from the system clock (0 but in tests)
     */
    EngineClock(LongSupplier systemWall, long offsetMillis, Hlc startAfter, Consumer<Hlc> persister) {
        this.wall = offsetMillis == 0 ? systemWall : () -> systemWall.getAsLong() + offsetMillis;
        this.offsetMillis = offsetMillis;
        this.hlc = new HybridLogicalClock(wall, startAfter);
        this.persister = persister;
    }

    /** A clock that starts from zero and keeps nothing, for tests of the engine alone. */
    static EngineClock volatileClock(LongSupplier wall) {
        return new EngineClock(wall, new Hlc(0, 0), any -> { });
    }

    /** The {@link #TEST_OFFSET_PROPERTY} value, 0 when absent. */
    static long testOffset(String property) {
        if (property == null || property.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TEST_OFFSET_PROPERTY + " is not a number of milliseconds: " + property, e);
        }
    }

    LongSupplier wall() {
        return wall;
    }

    HybridLogicalClock hlc() {
        return hlc;
    }

    /** The HLC of a write the store captured at {@code capturedAtSystemMillis} by the system clock. */
    Hlc stampCaptured(long capturedAtSystemMillis) {
        return hlc.stampFor(capturedAtSystemMillis + offsetMillis);
    }

    /** Makes the latest timestamp durable. */
    void persist() {
        persister.accept(hlc.last());
    }
}
