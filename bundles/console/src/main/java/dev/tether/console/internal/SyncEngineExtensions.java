package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/**
 * What the console shows and steers of the engine beyond its status: the conflict log, full resync,
 * pause and resume, catch-up progress, and the age of the oldest pending change. Implemented by
 * {@link EngineControls}. (Dead letters and cursors come from the store: {@link DeadLettersResource},
 * {@link SyncCursors}.)
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
