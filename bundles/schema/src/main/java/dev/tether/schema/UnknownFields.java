package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** What item preparation does with attributes that are not fields of the model: {@code params.unknownFields}. */
public enum UnknownFields {
    /** The item is refused, naming each unknown attribute (the default). */
    REJECT,
    /** Unknown attributes are dropped silently. */
    STRIP;

    public static Optional<UnknownFields> fromSchemaName(String name) {
        for (UnknownFields value : values()) {
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
