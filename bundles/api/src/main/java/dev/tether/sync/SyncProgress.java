package dev.tether.sync;

/**
 * The progress of the engine's current, or else its last, catch-up or full resync with the cloud.
 *
 * @param kind a catch-up (changes since the device's cursor) or a full resync (the whole scope)
 * @param running whether it is still going on
 * @param startedAtEpochMillis when it was asked for
 * @param finishedAtEpochMillis when its last page was applied, 0 while running or if it was given up
 * @param pagesDone answer pages applied so far
 * @param itemsDone changes (items and deletes) received so far
 * @param itemsLeft the cloud's estimate of the changes still to come, -1 while unknown
 */
public record SyncProgress(Kind kind, boolean running, long startedAtEpochMillis, long finishedAtEpochMillis,
        int pagesDone, long itemsDone, long itemsLeft) {

    /** What is being fetched. */
    public enum Kind {
        CATCH_UP, FULL_RESYNC
    }
}
