package dev.tether.store.derby.internal;

import java.util.Map;
import java.util.Optional;

import dev.tether.schema.Schema;

/** The tables installed for one schema: one per model that exists on the device, by model name. */
record StoreLayout(Schema schema, Map<String, ModelTable> tables) {

    StoreLayout {
        tables = Map.copyOf(tables);
    }

    Optional<ModelTable> table(String model) {
        return Optional.ofNullable(tables.get(model));
    }
}
