package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

/**
 * The engine extensions as long as {@code SyncService} offers only status and sync now, and the
 * store's outbox does not tell when a pending change was captured.
 */
@Component(service = SyncEngineExtensions.class)
public class PendingSyncEngineExtensions implements SyncEngineExtensions {

    private static <T> Feature<T> pending(String what) {
        return Feature.unavailable(what + " is not available: the replication engine does not provide it yet");
    }

    @Override
    public Feature<Long> oldestPendingAgeMillis() {
        return Feature.unavailable("the age of the oldest pending change is not available: neither the engine's status"
                + " nor the store's outbox tells when a pending change was captured");
    }

    @Override
    public Feature<Boolean> paused() {
        return pending("pause");
    }

    @Override
    public Feature<Map<String, Object>> resyncProgress() {
        return pending("catch-up and resync progress");
    }

    @Override
    public Feature<List<Map<String, Object>>> conflicts(int offset, int limit) {
        return pending("the conflict log");
    }

    @Override
    public Feature<String> resync() {
        return pending("full resync");
    }

    @Override
    public Feature<String> pause() {
        return pending("pause");
    }

    @Override
    public Feature<String> resume() {
        return pending("resume");
    }
}
