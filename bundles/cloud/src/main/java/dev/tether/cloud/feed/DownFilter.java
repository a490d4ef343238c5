package dev.tether.cloud.feed;

import java.util.Optional;

import dev.tether.cloudstore.CloudItem;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;

/**
 * Which stored changes devices receive: changes of models that exist on devices and sync down, and
 * not the owning device's own writes coming back to it (except in a full resync). Without a schema every model goes down.
 */
public final class DownFilter {

    private final Optional<Schema> schema;

    public DownFilter(Optional<Schema> schema) {
        this.schema = schema;
    }

    public boolean goesDown(CloudItem change) {
        return goesDown(change, false);
    }

    /**
     * @param ownWritesToo whether the owning device's own writes go back to it too, as in a full resync,
     *        where the device removes what it is not sent
     */
    public boolean goesDown(CloudItem change, boolean ownWritesToo) {
        if (!ownWritesToo && change.origin().equals(change.scope())) {
            return false;
        }
        if (schema.isEmpty()) {
            return true;
        }
        Optional<ModelDefinition> model = schema.get().model(change.model());
        return model.isPresent() && model.get().existsOnDevice() && model.get().syncsDown();
    }
}
