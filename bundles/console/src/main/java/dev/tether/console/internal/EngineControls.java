package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.store.LocalConflict;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The engine's controls and the device's conflict log, through {@code SyncService} and the store.
 * Catch-up progress in items and pages and the age of the oldest pending change are not tracked
 * by the engine yet and stay "not available".
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
        return Feature.unavailable("the age of the oldest pending change is not available: the engine does not track it yet");
    }

    @Override
    public Feature<Boolean> paused() {
        SyncService engine = sync;
        return engine == null ? engineMissing() : Feature.available(engine.status().paused());
    }

    @Override
    public Feature<Map<String, Object>> resyncProgress() {
        return Feature.unavailable("catch-up progress in items and pages is not available: the engine reports only"
                + " whether a catch-up is running (see status)");
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
