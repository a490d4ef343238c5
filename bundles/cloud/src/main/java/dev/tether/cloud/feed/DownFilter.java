package dev.tether.cloud.feed;

import java.util.Optional;

import dev.tether.cloudstore.CloudItem;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;

/**
 * Which stored changes devices receive: changes of models that exist on devices and sync down, and
 * not the owning device's own writes coming back to it. Without a schema every model goes down.
 */
public final class DownFilter {

    private final Optional<Schema> schema;

    public DownFilter(Optional<Schema> schema) {
        this.schema = schema;
    }

    public boolean goesDown(CloudItem change) {
        if (change.origin().equals(change.scope())) {
            return false;
        }
        if (schema.isEmpty()) {
            return true;
        }
        Optional<ModelDefinition> model = schema.get().model(change.model());
        return model.isPresent() && model.get().existsOnDevice() && model.get().syncsDown();
    }
}
