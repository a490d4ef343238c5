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

    private final LongSupplier wall;
    private final HybridLogicalClock hlc;
    private final Consumer<Hlc> persister;

    EngineClock(LongSupplier wall, Hlc startAfter, Consumer<Hlc> persister) {
        this.wall = wall;
        this.hlc = new HybridLogicalClock(wall, startAfter);
        this.persister = persister;
    }

    /** A clock that starts from zero and keeps nothing, for tests of the engine alone. */
    static EngineClock volatileClock(LongSupplier wall) {
        return new EngineClock(wall, new Hlc(0, 0), any -> { });
    }

    LongSupplier wall() {
        return wall;
    }

    HybridLogicalClock hlc() {
        return hlc;
    }

    /** Makes the latest timestamp durable. */
    void persist() {
        persister.accept(hlc.last());
    }
}
