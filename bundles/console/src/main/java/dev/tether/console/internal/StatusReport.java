package dev.tether.console.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;
import dev.tether.store.LocalStore;
import dev.tether.store.Query;
import dev.tether.store.StoreException;
import dev.tether.sync.SyncService;
import dev.tether.sync.SyncStatus;

/** Puts together the status JSON of {@code GET /tether/api/status} from whatever services are there now. */
final class StatusReport {

    private final GatewayServices services;
    private final SyncEngineExtensions engine;
    private final RateMeter sentRate = new RateMeter();
    private final RateMeter acknowledgedRate = new RateMeter();

    StatusReport(GatewayServices services, SyncEngineExtensions engine) {
        this.services = services;
        this.engine = engine;
    }

    Map<String, Object> build(int refreshIntervalMillis) {
        Map<String, Object> status = new LinkedHashMap<>();
        Optional<SyncStatus> sync = services.sync().map(SyncService::status);
        Optional<Schema> schema = services.schema();

        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("engineAvailable", sync.isPresent());
        connection.put("connected", sync.map(SyncStatus::connected).orElse(false));
        connection.put("broker", services.brokerUri().orElse(null));
        connection.put("deviceId", sync.map(SyncStatus::deviceId).orElse(null));
        connection.put("schemaVersion", schema.map(Schema::version).orElse(null));
        connection.put("storeAvailable", services.store().isPresent());
        connection.put("lastError", sync.map(SyncStatus::lastError).orElse(null));
        status.put("connection", connection);

        Map<String, Object> replication = new LinkedHashMap<>();
        sync.ifPresent(s -> {
            long now = System.nanoTime();
            replication.put("outboxDepth", s.outboxDepth());
            replication.put("inFlightBatches", s.inFlightBatches());
            replication.put("changesSent", s.changesSent());
            replication.put("changesAcknowledged", s.changesAcknowledged());
            replication.put("changesDuplicate", s.changesDuplicate());
            replication.put("changesRejected", s.changesRejected());
            replication.put("conflictsSettled", s.conflictsSettled());
            replication.put("cloudChangesApplied", s.cloudChangesApplied());
            replication.put("cloudChangesRefused", s.cloudChangesRefused());
            replication.put("lastAck", s.lastAckEpochMillis() == 0 ? null : Instant.ofEpochMilli(s.lastAckEpochMillis()).toString());
            replication.put("sentPerSecond", round(sentRate.update(s.changesSent(), now)));
            replication.put("acknowledgedPerSecond", round(acknowledgedRate.update(s.changesAcknowledged(), now)));
        });
        replication.put("oldestPendingAgeMillis", engine.oldestPendingAgeMillis().toJson());
        replication.put("deadLetters", fromStore(store -> store.outbox().deadLetters().count()).toJson());
        replication.put("cursors", fromStore(store -> SyncCursors.from(store.inbound().syncState())).toJson());
        replication.put("paused", engine.paused().toJson());
        replication.put("resyncProgress", engine.resyncProgress().toJson());
        status.put("sync", replication);

        status.put("models", schema.map(this::models).orElse(List.of()));
        status.put("console", Map.of("refreshIntervalMillis", refreshIntervalMillis));
        return status;
    }

    private List<Map<String, Object>> models(Schema schema) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelDefinition model : schema.models()) {
            if (!model.existsOnDevice()) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", model.name());
            json.put("sync", model.sync().schemaName());
            json.put("enable", model.enable().schemaName());
            json.put("keyAttributes", model.keyAttributes());
            json.put("keyFields", keyFields(model));
            json.put("count", fromStore(store -> store.count(Query.of(model.name()))).toJson());
            models.add(json);
        }
        return models;
    }

    /** What the local store answers, or why it cannot answer now. */
    private <T> Feature<T> fromStore(Function<LocalStore, T> question) {
        Optional<LocalStore> store = services.store();
        if (store.isEmpty()) {
            return Feature.unavailable("the local store is not running");
        }
        try {
            return Feature.available(question.apply(store.get()));
        } catch (StoreException e) {
            return Feature.unavailable("the local store could not answer: " + e.getMessage());
        }
    }

    /** The fields an item's key is computed from, e.g. deviceId and id for {@code Reading#${deviceId}}. */
    static List<String> keyFields(ModelDefinition model) {
        Set<String> fields = new LinkedHashSet<>();
        for (String attribute : model.keyAttributes()) {
            model.field(attribute).ifPresent(field -> fields.addAll(field.templateFields()));
        }
        return List.copyOf(fields);
    }

    private static double round(double rate) {
        return Math.round(rate * 100) / 100.0;
    }
}
