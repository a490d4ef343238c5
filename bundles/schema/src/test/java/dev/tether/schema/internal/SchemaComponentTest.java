package dev.tether.schema.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;
import dev.tether.schema.SchemaListener;
import dev.tether.schema.SchemaStatus;

public class SchemaComponentTest {

    private static final String VALID = """
            {"version": "%s", "indexes": {"primary": {"hash": "pk"}},
             "models": {"Note": {"pk": {"type": "string"}}}}
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static SchemaConfiguration configuration(String path, String json) {
        return configuration(path, json, 0);
    }

    private static SchemaConfiguration configuration(String path, String json, long watchIntervalMillis) {
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

            @Override
            public long watchIntervalMillis() {
                return watchIntervalMillis;
            }
        };
    }

    @Test
    public void loadsTheSampleSchemaFile() {
        SchemaComponent component = new SchemaComponent();
        component.activate(configuration("../../config/schema.json", ""));
        assertEquals("1.1.0", component.current().version());
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

    private final SchemaComponent watching = new SchemaComponent();

    @After
    public void stopWatching() {
        watching.deactivate();
    }

    @Test
    public void aChangedFileIsReloadedWithoutAConfigurationChange() throws Exception {
        Path file = folder.newFile("schema.json").toPath();
        Files.writeString(file, VALID.formatted("1"));
        watching.activate(configuration(file.toString(), "", 20));
        String firstVersionId = watching.status().versionId();

        Files.writeString(file, VALID.formatted("2-with-a-longer-version"));

        await("new schema in force").atMost(Duration.ofSeconds(10))
                .until(() -> watching.current().version().equals("2-with-a-longer-version"));
        assertNotEquals(firstVersionId, watching.status().versionId());
        assertEquals(watching.current().versionId(), watching.status().versionId());
    }

    @Test
    public void aBrokenFileIsRefusedVisiblyAndTheLastGoodSchemaStays() throws Exception {
        Path file = folder.newFile("schema.json").toPath();
        Files.writeString(file, VALID.formatted("1"));
        watching.activate(configuration(file.toString(), "", 20));
        Schema good = watching.current();
        assertTrue(watching.status().lastError().isEmpty());

        Files.writeString(file, VALID.formatted("2").replace("\"string\"", "\"strng\""));

        await("error in status").atMost(Duration.ofSeconds(10)).until(() -> watching.status().lastError().isPresent());
        SchemaStatus status = watching.status();
        assertTrue(status.lastError().get(), status.lastError().get()
                .contains("model 'Note', field 'pk', rule 'type': unknown type 'strng'"));
        assertSame(good, watching.current());
        assertEquals(good.versionId(), status.versionId());
        assertEquals("file " + file.toAbsolutePath(), status.source());

        Files.writeString(file, VALID.formatted("3"));
        await("fixed schema in force").atMost(Duration.ofSeconds(10))
                .until(() -> watching.current().version().equals("3"));
        assertFalse(watching.status().lastError().isPresent());
    }

    @Test
    public void listenersHearTheSchemaInForceAndEveryNewVersionOnce() {
        List<String> heard = new CopyOnWriteArrayList<>();
        SchemaListener listener = schema -> heard.add(schema.version());
        watching.activate(configuration("", VALID.formatted("1")));
        watching.addListener(listener);
        assertEquals(List.of("1"), heard);

        watching.modified(configuration("", VALID.formatted("1").replace("{", "{ ")));
        watching.modified(configuration("", "{ broken"));
        watching.modified(configuration("", VALID.formatted("2")));
        assertEquals("same content, a refused one: not told", List.of("1", "2"), heard);

        watching.removeListener(listener);
        watching.modified(configuration("", VALID.formatted("3")));
        assertEquals(List.of("1", "2"), heard);
    }

    @Test
    public void statusNamesTheInlineSource() {
        watching.activate(configuration("ignored.json", VALID.formatted("1")));
        assertEquals("inline schemaJson", watching.status().source());
        assertEquals("1", watching.status().version());
        assertEquals(watching.current().versionId(), watching.status().versionId());
    }
}
