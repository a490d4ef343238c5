package dev.tether.schema;

import java.util.Locale;
import java.util.Optional;

/** The value type of a field, as written in the schema's {@code type} attribute (case-insensitive). */
public enum FieldType {
    STRING, NUMBER, BOOLEAN, DATE, OBJECT, ARRAY;

    /** The type named by a schema's {@code type} attribute, ignoring case. */
    public static Optional<FieldType> fromSchemaName(String name) {
        for (FieldType type : values()) {
            if (type.schemaName().equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The name as written in a schema: {@code string}, {@code number}, … */
    public String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
