package dev.tether.cloud.schema;

import java.util.Map;
import java.util.Optional;

import dev.tether.protocol.Change;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;
import dev.tether.store.ValidationException;

/**
 * Device isolation and schema checks for changes a device sends: a device may write only items of
 * models that sync up from devices, scoped to itself (the device field equals the device of the
 * topic), with content the schema accepts and a key that matches the content. Without a schema only
 * the scope (the topic's device) isolates devices.
 */
public final class ChangeAdmission {

    private final Optional<Schema> schema;

    public ChangeAdmission(Optional<Schema> schema) {
        this.schema = schema;
    }

    /** Why the device may not make this change, or empty if it may. */
    public Optional<String> refusal(String device, Change change) {
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelDefinition> found = schema.get().model(change.model());
        if (found.isEmpty()) {
            return Optional.of("unknown model '" + change.model() + "'");
        }
        ModelDefinition model = found.get();
        if (!model.existsOnDevice()) {
            return Optional.of("model " + model.name() + " exists in the cloud only: devices cannot write it");
        }
        if (!model.deviceScoped()) {
            return Optional.of("model " + model.name() + " is shared by all devices: devices cannot write it");
        }
        if (!model.existsInCloud() || !model.syncsUp()) {
            return Optional.of("model " + model.name() + " does not sync up (sync: " + model.sync().schemaName() + ")");
        }
        if (change.op() == Op.DELETE) {
            return Optional.empty(); // the store's scope is the topic's device: a device can only delete its own items
        }
        return contentRefusal(device, model, change.item(), change.key());
    }

    private static Optional<String> contentRefusal(String device, ModelDefinition model, Map<String, Object> item, ItemKey key) {
        String deviceField = model.deviceField().orElseThrow();
        Object owner = item.get(deviceField);
        if (!device.equals(owner)) {
            return Optional.of("'" + deviceField + "' is '" + owner + "' but the change came from device '" + device
                    + "': a device may write only its own items");
        }
        try {
            Map<String, Object> prepared = model.prepare(item);
            ItemKey computed = model.keyOf(prepared);
            if (!computed.equals(key)) {
                return Optional.of("the key " + key + " does not match the item, whose key is " + computed);
            }
            return Optional.empty();
        } catch (ValidationException | IllegalArgumentException e) {
            return Optional.of("invalid item: " + e.getMessage());
        }
    }
}
