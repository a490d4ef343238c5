package dev.tether.console.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.store.LocalConflict;
import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;
import dev.tether.sync.SyncProgress;
import dev.tether.sync.SyncService;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The engine's controls, its catch-up progress and the device's conflict log, through
 * {@code SyncService} and the store. The age of the oldest pending change comes from the store's
 * outbox, so it is known while the engine is stopped too.
 */
@Component(service = SyncEngineExtensions.class)
public class EngineControls implements SyncEngineExtensions {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SyncService sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LocalStore store;

    @Override
    public Feature<Long> oldestPendingAgeMillis() {
        LocalStore local = store;
        if (local != null) {
            try {
                long now = System.currentTimeMillis();
                return Feature.available(local.outbox().oldestCapturedAtMillis().stream()
                        .map(captured -> Math.max(0, now - captured)).findFirst().orElse(0));
            } catch (StoreException e) {
                return Feature.unavailable("the local store could not answer: " + e.getMessage());
            }
        }
        SyncService engine = sync;
        if (engine != null && engine.status().oldestPendingAgeMillis() >= 0) {
            return Feature.available(engine.status().oldestPendingAgeMillis());
        }
        return Feature.unavailable("the age of the oldest pending change is not available: the local store is not running");
    }

    @Override
    public Feature<Boolean> paused() {
        SyncService engine = sync;
        return engine == null ? engineMissing() : Feature.available(engine.status().paused());
    }

    /** The running or last catch-up or full resync; the value is {@code null} if none ran since the engine started. */
    @Override
    public Feature<Map<String, Object>> resyncProgress() {
        SyncService engine = sync;
        if (engine == null) {
            return engineMissing();
        }
        SyncProgress progress = engine.status().progress();
        return Feature.available(progress == null ? null : describe(progress));
    }

    @Override
    public Feature<List<Map<String, Object>>> conflicts(int offset, int limit) {
        LocalStore local = store;
        if (local == null) {
            return Feature.unavailable("the conflict log is not available: the local store is not running");
        }
        return Feature.available(local.inbound().conflicts(offset + limit).stream().skip(offset)
                .map(EngineControls::describe).toList());
    }

    @Override
    public Feature<String> resync() {
        SyncService engine = sync;
        if (engine == null) {
            return engineMissing();
        }
        engine.fullResync();
        return Feature.available("full resync started");
    }

    @Override
    public Feature<String> pause() {
        SyncService engine = sync;
        if (engine == null) {
            return engineMissing();
        }
        engine.pause();
        return Feature.available("sync paused");
    }

    @Override
    public Feature<String> resume() {
        SyncService engine = sync;
        if (engine == null) {
            return engineMissing();
        }
        engine.resume();
        return Feature.available("sync resumed");
    }

    private static <T> Feature<T> engineMissing() {
        return Feature.unavailable("the replication engine is not running");
    }

    private static Map<String, Object> describe(SyncProgress progress) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", progress.kind() == SyncProgress.Kind.FULL_RESYNC ? "full-resync" : "catch-up");
        entry.put("running", progress.running());
        entry.put("startedAt", Instant.ofEpochMilli(progress.startedAtEpochMillis()).toString());
        entry.put("finishedAt", progress.finishedAtEpochMillis() == 0 ? null
                : Instant.ofEpochMilli(progress.finishedAtEpochMillis()).toString());
        entry.put("pagesDone", progress.pagesDone());
        entry.put("itemsDone", progress.itemsDone());
        entry.put("itemsLeft", progress.itemsLeft() < 0 ? null : progress.itemsLeft());
        return entry;
    }

    private static Map<String, Object> describe(LocalConflict conflict) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", conflict.id());
        entry.put("recordedAt", conflict.recordedAt().toString());
        entry.put("model", conflict.model());
        entry.put("pk", conflict.key().pk());
        entry.put("sk", conflict.key().sk());
        entry.put("op", conflict.op().name().toLowerCase(java.util.Locale.ROOT));
        entry.put("local", conflict.local());
        entry.put("localHlc", conflict.localHlc());
        entry.put("base", conflict.base());
        entry.put("winner", conflict.deviceWon() ? "device" : "cloud");
        entry.put("item", conflict.winner());
        entry.put("version", conflict.version());
        return entry;
    }
}
