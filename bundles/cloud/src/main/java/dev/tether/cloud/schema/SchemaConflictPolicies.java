package dev.tether.cloud.schema;

import java.util.Optional;

import dev.tether.cloud.store.jdbc.ConflictPolicies;
import dev.tether.schema.ConflictPolicy;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;

/** Each model's conflict policy as the schema's {@code control.conflict} declares it; last writer wins otherwise. */
public final class SchemaConflictPolicies implements ConflictPolicies {

    private final Optional<Schema> schema;

    public SchemaConflictPolicies(Optional<Schema> schema) {
        this.schema = schema;
    }

    @Override
    public ConflictPolicy of(String model) {
        return schema.flatMap(loaded -> loaded.model(model)).map(ModelDefinition::conflictPolicy).orElse(ConflictPolicy.LWW);
    }
}
