package dev.tether.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonParser;

/** Facts of the project's sample schema ({@code config/schema.json}) that tests check the gateway reports. */
public final class SampleSchema {

    private SampleSchema() {
    }

    /** The {@code version} the schema file declares. */
    public static String version() {
        Path file = Path.of(System.getProperty("tether.config.dir"), "schema.json");
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject()
                    .get("version").getAsString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sample schema " + file + ": " + e, e);
        }
    }
}
