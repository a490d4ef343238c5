package dev.tether.schema;

import org.osgi.annotation.versioning.ProviderType;

/** Gives the schema in force. A new configuration that is invalid leaves the last good schema in force. */
@ProviderType
public interface SchemaService {

    /** The schema in force now; a later call may return a newer one after a configuration change. */
    Schema current();
}
