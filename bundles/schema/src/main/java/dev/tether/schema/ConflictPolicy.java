package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** How the cloud settles a conflicting write to an item of a model: a model's {@code control.conflict}. */
public enum ConflictPolicy {
    /** The write with the later hybrid logical clock wins, with a deterministic tie-break (the default). */
    LWW,
    /** The version already in the cloud wins. */
    CLOUD_WINS,
    /** The device's write wins. */
    DEVICE_WINS;

    public static Optional<ConflictPolicy> fromSchemaName(String name) {
        for (ConflictPolicy value : values()) {
            if (value.schemaName().equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The name as written in a schema: {@code lww}, {@code cloud-wins}, {@code device-wins}. */
    public String schemaName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
