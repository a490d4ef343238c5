package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** How a missing field value is generated: a field's {@code generate} attribute. */
public enum Generator {
    /** A ULID, monotonic within a millisecond for one schema instance. */
    ULID,
    /** A random (version 4) UUID. */
    UUID;

    public static Optional<Generator> fromSchemaName(String name) {
        for (Generator value : values()) {
            if (value.schemaName().equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
