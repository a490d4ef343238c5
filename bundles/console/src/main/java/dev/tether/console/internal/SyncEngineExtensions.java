package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/**
 * What the console shows and steers that neither {@code SyncService} nor {@code LocalStore} offers
 * yet: the conflict log, full resync, pause and resume, catch-up progress, and the age of the
 * oldest pending change. One service implements it; today that is
 * {@link PendingSyncEngineExtensions}, which answers "not available" everywhere. Wiring an extended
 * engine API is a new implementation of this interface, nothing else. (Dead letters and cursors
 * come from the store: {@link DeadLettersResource}, {@link SyncCursors}.)
 */
public interface SyncEngineExtensions {

    /** How long the oldest change has waited in the outbox. */
    Feature<Long> oldestPendingAgeMillis();

    Feature<Boolean> paused();

    /** Progress of a running catch-up or full resync, e.g. {@code {phase, done, total}}. */
    Feature<Map<String, Object>> resyncProgress();

    /** Recorded conflicts, newest first. */
    Feature<List<Map<String, Object>>> conflicts(int offset, int limit);

    Feature<String> resync();

    Feature<String> pause();

    Feature<String> resume();
}
