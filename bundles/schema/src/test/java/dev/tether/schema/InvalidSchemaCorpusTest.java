package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every file under {@code schemas/invalid} is refused with exactly the error recorded for it in
 * {@code schemas/invalid/expected-errors.properties}.
 */
@RunWith(Parameterized.class)
public class InvalidSchemaCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/schemas/invalid");

    private final String name;

    public InvalidSchemaCorpusTest(String name) {
        this.name = name;
    }

    @Parameters(name = "{0}")
    public static List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".json"))
                    .map(file -> file.replaceFirst("\\.json$", "")).sorted().toList();
        }
    }

    static Properties expectedErrors() throws IOException {
        Properties expected = new Properties();
        try (Reader reader = Files.newBufferedReader(CORPUS.resolve("expected-errors.properties"), StandardCharsets.UTF_8)) {
            expected.load(reader);
        }
        return expected;
    }

    @Test
    public void isRefusedWithTheRecordedError() throws IOException {
        String json = Files.readString(CORPUS.resolve(name + ".json"), StandardCharsets.UTF_8);
        String expected = expectedErrors().getProperty(name);
        try {
            Schema.parse(json);
            fail(name + " should have been refused");
        } catch (SchemaException e) {
            assertEquals(name, expected, e.getMessage());
            assertTrue(name, !e.problems().isEmpty());
        }
    }
}
