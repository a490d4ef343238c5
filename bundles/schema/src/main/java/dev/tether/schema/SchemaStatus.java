package dev.tether.schema;

import java.time.Instant;
import java.util.Optional;

/**
 * What the schema service has loaded and what went wrong last.
 *
 * @param versionId the {@link Schema#versionId()} of the schema in force
 * @param version the schema's own {@code version}
 * @param source where the schema in force came from, e.g. {@code file /etc/tether/schema.json} or {@code inline schemaJson}
 * @param loadedAt when the schema in force was loaded
 * @param lastError why the latest attempt to load a schema failed; empty if it succeeded
 * @param lastErrorAt when that attempt was made; {@code null} without an error
 */
public record SchemaStatus(String versionId, String version, String source, Instant loadedAt,
        Optional<String> lastError, Instant lastErrorAt) {
}
