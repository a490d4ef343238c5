package dev.tether.protocol;

import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al.): timestamps that never go backwards, follow the wall
 * clock when it is sane and absorb the timestamps of received messages, so that a write made after
 * seeing another is always ordered after it, whatever the local wall clock says.
 */
public final class HybridLogicalClock {

    private final LongSupplier wallClock;
    private long physical;
    private int logical;

    public HybridLogicalClock(LongSupplier wallClock) {
        this(wallClock, new Hlc(0, 0));
    }

    /** Starts from a persisted timestamp so that a restart never issues an older one. */
    public HybridLogicalClock(LongSupplier wallClock, Hlc startAfter) {
        this.wallClock = wallClock;
        this.physical = startAfter.physicalMillis();
        this.logical = startAfter.logical();
    }

    /** A timestamp for a local event, later than every timestamp issued or received before. */
    public synchronized Hlc now() {
        long wall = wallClock.getAsLong();
        if (wall > physical) {
            physical = wall;
            logical = 0;
        } else {
            logical++;
        }
        return new Hlc(physical, logical);
    }

    /**
     * A timestamp for a local event that happened at {@code eventWallMillis} by the wall clock and is
     * stamped only now (e.g. a write captured while offline): as close to the event's time as the
     * clock allows, yet later than every timestamp issued or received before. Events must be stamped
     * in the order they happened.
     */
    public synchronized Hlc stampFor(long eventWallMillis) {
        if (eventWallMillis > physical) {
            physical = eventWallMillis;
            logical = 0;
        } else {
            logical++;
        }
        return new Hlc(physical, logical);
    }

    /** Absorbs a timestamp received from elsewhere and returns a timestamp later than both. */
    public synchronized Hlc receive(Hlc remote) {
        long wall = wallClock.getAsLong();
        long next = Math.max(wall, Math.max(physical, remote.physicalMillis()));
        if (next == physical && next == remote.physicalMillis()) {
            logical = Math.max(logical, remote.logical()) + 1;
        } else if (next == physical) {
            logical++;
        } else if (next == remote.physicalMillis()) {
            logical = remote.logical() + 1;
        } else {
            logical = 0;
        }
        physical = next;
        return new Hlc(physical, logical);
    }

    /** The latest timestamp issued or received, without advancing the clock. */
    public synchronized Hlc last() {
        return new Hlc(physical, logical);
    }
}
