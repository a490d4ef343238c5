package dev.tether.schema;

import java.util.Optional;

/**
 * An index of the schema's {@code indexes} section.
 *
 * @param name the index name ({@code primary}, {@code gs1}, …)
 * @param hash the hash (partition) attribute
 * @param sort the sort attribute, {@code null} if the index has none
 */
public record IndexDefinition(String name, String hash, String sort) {

    public static final String PRIMARY = "primary";

    public Optional<String> sortAttribute() {
        return Optional.ofNullable(sort);
    }
}
