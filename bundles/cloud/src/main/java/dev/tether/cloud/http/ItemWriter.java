package dev.tether.cloud.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.HybridLogicalClock;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;
import dev.tether.store.ValidationException;

/**
 * Writes through the API: checks the model and its scope against the schema, prepares the item
 * (defaults, templates, validation), computes its key, applies it with a fresh HLC as origin
 * {@value #ORIGIN} — concurrent writes share a transaction ({@link GroupCommit}) — and wakes the
 * change feed so that it goes down at once.
 */
public final class ItemWriter implements AutoCloseable {

    public static final String ORIGIN = "cloud-api";

    private final Optional<Schema> schema;
    private final CloudStore store;
    private final HybridLogicalClock clock;
    private final Runnable written;
    private final GroupCommit commits;

    /**
     * @param written called after every committed write (the change feed's wake-up)
     */
    public ItemWriter(Optional<Schema> schema, CloudStore store, HybridLogicalClock clock, Runnable written) {
        this.schema = schema;
        this.store = store;
        this.clock = clock;
        this.written = written;
        this.commits = new GroupCommit(store, ORIGIN);
    }

    /** Waits for the writes under way, then stops writing. */
    @Override
    public void close() {
        commits.close();
    }

    CloudItem put(String scope, String model, Map<String, Object> body) {
        ModelDefinition definition = writableModel(scope, model);
        Map<String, Object> item = new LinkedHashMap<>(body);
        if (!CloudStore.SHARED_SCOPE.equals(scope)) {
            String deviceField = definition.deviceField().orElseThrow();
            Object owner = item.putIfAbsent(deviceField, scope);
            if (owner != null && !scope.equals(owner)) {
                throw ApiError.badRequest("'" + deviceField + "' is '" + owner + "' but the path names device '" + scope
                        + "': an item belongs to the device in its path");
            }
        }
        Map<String, Object> prepared;
        ItemKey key;
        try {
            prepared = definition.prepare(item);
            key = definition.keyOf(prepared);
        } catch (ValidationException e) {
            throw new ApiError(422, e.getMessage());
        }
        return write(scope, new Change(model, key, Op.PUT, prepared, null, clock.now().toString()));
    }

    CloudItem delete(String scope, String model, ItemKey key) {
        writableModel(scope, model);
        CloudItem current = store.get(scope, model, key).filter(item -> !item.deleted())
                .orElseThrow(() -> ApiError.notFound("no item " + key + " of model " + model + " in scope " + scope));
        return write(scope, new Change(model, current.key(), Op.DELETE, null, current.version(), clock.now().toString()));
    }

    private CloudItem write(String scope, Change change) {
        AckResult result;
        try {
            result = commits.submit(scope, change).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
        if (result.status() == AckStatus.REJECTED) {
            throw ApiError.badRequest(result.error());
        }
        written.run();
        return store.get(scope, change.model(), change.key()).orElseThrow();
    }

    private ModelDefinition writableModel(String scope, String model) {
        if (schema.isEmpty()) {
            throw new ApiError(503, "writes through the API need the schema: set schema.path");
        }
        ModelDefinition definition = schema.get().model(model)
                .orElseThrow(() -> ApiError.notFound("unknown model '" + model + "'"));
        if (!definition.existsInCloud()) {
            throw ApiError.badRequest("model " + model + " exists on devices only (enable: device)");
        }
        boolean shared = CloudStore.SHARED_SCOPE.equals(scope);
        if (shared && definition.deviceScoped()) {
            throw ApiError.badRequest("model " + model + " is device-scoped: write it under /api/devices/{device}/items/" + model);
        }
        if (!shared && !definition.deviceScoped()) {
            throw ApiError.badRequest("model " + model + " is shared by all devices: write it under /api/shared/items/" + model);
        }
        return definition;
    }
}
