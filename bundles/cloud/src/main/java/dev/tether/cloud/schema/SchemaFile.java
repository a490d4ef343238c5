package dev.tether.cloud.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;

/** Loads the schema named by {@code schema.path}, failing start-up with a clear message if it is unreadable or invalid. */
public final class SchemaFile {

    private SchemaFile() {
    }

    public static Optional<Schema> load(Optional<Path> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Schema.parse(Files.readString(path.get(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the schema " + path.get() + " (schema.path): " + e, e);
        } catch (SchemaException e) {
            throw new IllegalStateException("the schema " + path.get() + " (schema.path) is invalid: " + e.getMessage(), e);
        }
    }
}
