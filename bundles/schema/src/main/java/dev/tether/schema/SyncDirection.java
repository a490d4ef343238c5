package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** Which way items of a model replicate: a model's {@code control.sync}. */
public enum SyncDirection {
    /** Device to cloud. */
    UP,
    /** Cloud to device. */
    DOWN,
    BOTH,
    NONE;

    public static Optional<SyncDirection> fromSchemaName(String name) {
        for (SyncDirection value : values()) {
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
