package dev.tether.schema;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a new schema comes into force. Register an implementation as an OSGi service (the
 * whiteboard pattern): the schema component binds every listener dynamically, calls it once at once
 * with the schema in force, and then after each accepted change. A refused schema calls no listener.
 * Calls come from the thread that loaded the schema; keep them short.
 */
@ConsumerType
public interface SchemaListener {

    void schemaChanged(Schema schema);
}
