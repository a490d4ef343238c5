package dev.tether.replication.internal;

import java.util.Optional;

import dev.tether.protocol.DownChange;
import dev.tether.protocol.Op;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.SchemaService;

/**
 * The device's own check of what the cloud sends, whatever the cloud checked: the model must exist
 * on the device and sync down, and a device-scoped item must belong to this device.
 */
final class SchemaDownstreamPolicy implements DownstreamPolicy {

    private final SchemaService schemas;
    private final String deviceId;

    SchemaDownstreamPolicy(SchemaService schemas, String deviceId) {
        this.schemas = schemas;
        this.deviceId = deviceId;
    }

    @Override
    public Optional<String> refusal(DownChange change) {
        Optional<ModelDefinition> found = schemas.current().model(change.model());
        if (found.isEmpty()) {
            return Optional.of("model " + change.model() + " is not in the schema");
        }
        ModelDefinition model = found.get();
        if (!model.existsOnDevice()) {
            return Optional.of("model " + model.name() + " does not exist on the device");
        }
        if (!model.syncsDown()) {
            return Optional.of("model " + model.name() + " does not sync down (sync: " + model.sync() + ")");
        }
        if (model.deviceScoped() && change.op() == Op.PUT) {
            Object owner = change.item().get(model.deviceField().orElseThrow());
            if (!deviceId.equals(owner)) {
                return Optional.of("item belongs to device '" + owner + "', not to this device");
            }
        }
        return Optional.empty();
    }
}
