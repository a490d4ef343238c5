package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/**
 * What the console shows and steers beyond today's {@code SyncService}: conflicts, dead letters,
 * cursors, resync, pause and progress. One service implements it; today that is
 * {@link PendingSyncEngineExtensions}, which answers "not available" everywhere. Wiring the
 * extended engine API is a new implementation of this interface, nothing else.
 */
public interface SyncEngineExtensions {

    /** The up and down cursors, by direction name. */
    Feature<Map<String, Object>> cursors();

    /** How long the oldest change has waited in the outbox. */
    Feature<Long> oldestPendingAgeMillis();

    Feature<Boolean> paused();

    /** Progress of a running catch-up or full resync, e.g. {@code {phase, done, total}}. */
    Feature<Map<String, Object>> resyncProgress();

    /** Recorded conflicts, newest first. */
    Feature<List<Map<String, Object>>> conflicts(int offset, int limit);

    /** Changes set aside with the reason; each has an {@code id}. */
    Feature<List<Map<String, Object>>> deadLetters(int offset, int limit);

    /** Puts a dead letter back into the outbox; the value says what happened. */
    Feature<String> retryDeadLetter(String id);

    Feature<String> discardDeadLetter(String id);

    Feature<String> resync();

    Feature<String> pause();

    Feature<String> resume();
}
