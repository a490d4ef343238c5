package dev.tether.schema.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;

public class SchemaComponentTest {

    private static final String VALID = """
            {"version": "%s", "indexes": {"primary": {"hash": "pk"}},
             "models": {"Note": {"pk": {"type": "string"}}}}
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static SchemaConfiguration configuration(String path, String json) {
        return new SchemaConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SchemaConfiguration.class;
            }

            @Override
            public String schemaPath() {
                return path;
            }

            @Override
            public String schemaJson() {
                return json;
            }
        };
    }

    @Test
    public void loadsTheSampleSchemaFile() {
        SchemaComponent component = new SchemaComponent();
        component.activate(configuration("../../config/schema.json", ""));
        assertEquals("1.0.0", component.current().version());
    }

    @Test
    public void inlineJsonWinsOverThePath() {
        SchemaComponent component = new SchemaComponent();
        component.activate(configuration("does/not/exist.json", VALID.formatted("inline")));
        assertEquals("inline", component.current().version());
    }

    @Test
    public void activationFailsWithTheSchemaError() throws Exception {
        Path bad = folder.newFile("bad.json").toPath();
        Files.writeString(bad, VALID.formatted("1").replace("\"string\"", "\"text\""));
        try {
            new SchemaComponent().activate(configuration(bad.toString(), ""));
            fail("activation should fail");
        } catch (SchemaException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("model 'Note', field 'pk', rule 'type'"));
        }
    }

    @Test
    public void activationFailsOnAMissingFile() {
        try {
            new SchemaComponent().activate(configuration("does/not/exist.json", ""));
            fail("activation should fail");
        } catch (SchemaException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("rule 'schemaPath'"));
            assertTrue(e.getMessage(), e.getMessage().contains("exist.json"));
        }
    }

    @Test
    public void anInvalidNewConfigurationKeepsTheLastGoodSchema() {
        SchemaComponent component = new SchemaComponent();
        component.activate(configuration("", VALID.formatted("1")));
        Schema first = component.current();
        component.modified(configuration("", "{ not json"));
        assertSame(first, component.current());
        component.modified(configuration("", VALID.formatted("2")));
        assertEquals("2", component.current().version());
    }
}
