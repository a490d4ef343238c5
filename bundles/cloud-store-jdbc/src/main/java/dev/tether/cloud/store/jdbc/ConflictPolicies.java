package dev.tether.cloud.store.jdbc;

import dev.tether.schema.ConflictPolicy;

/** Which policy settles a conflicting write to an item of a model: the schema's {@code control.conflict}. */
@FunctionalInterface
public interface ConflictPolicies {

    /** The policy of the model; {@link ConflictPolicy#LWW} for a model the schema does not know. */
    ConflictPolicy of(String model);

    /** Every model settled by last writer wins: what a cloud without a schema does. */
    static ConflictPolicies lastWriterWins() {
        return model -> ConflictPolicy.LWW;
    }
}
