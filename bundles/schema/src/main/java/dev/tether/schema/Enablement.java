package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** Where items of a model exist: a model's {@code control.enable}. */
public enum Enablement {
    DEVICE, CLOUD, BOTH;

    public static Optional<Enablement> fromSchemaName(String name) {
        for (Enablement value : values()) {
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
