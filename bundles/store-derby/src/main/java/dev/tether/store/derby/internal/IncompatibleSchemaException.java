package dev.tether.store.derby.internal;

import java.util.List;

import dev.tether.store.StoreException;

/** A new schema changes the device tables in a way their data cannot follow; the old schema stays in force. */
final class IncompatibleSchemaException extends StoreException {

    private static final long serialVersionUID = 1L;

    IncompatibleSchemaException(String schema, List<String> problems) {
        super("the local store cannot migrate to " + schema + ": " + String.join("; ", problems)
                + ". The previous schema stays in force; give changed fields a new name, or move the data"
                + " to a new model, instead.");
    }
}
