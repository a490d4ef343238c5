package dev.tether.schema;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Gives the schema in force. A new configuration that is invalid leaves the last good schema in force. */
@ProviderType
public interface SchemaService {

    /** The schema in force now; a later call may return a newer one after a configuration change. */
    Schema current();

    /**
     * The version id and source of the schema in force and the error of the latest refused one, if
     * the latest attempt failed. The default, for simple implementations such as test doubles,
     * reports the current schema from an unnamed source and no error.
     *
     * @since 0.2
     */
    default SchemaStatus status() {
        Schema schema = current();
        return new SchemaStatus(schema.versionId(), schema.version(), "unknown", null, Optional.empty(), null);
    }
}
