package dev.tether.itests.schema;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayOptions;
import dev.tether.itests.support.TestSystem;
import dev.tether.schema.Schema;
import dev.tether.schema.SchemaService;
import dev.tether.store.LocalStore;
import dev.tether.store.UnknownModelException;

/**
 * Schema changes in a running gateway: the assembled schema and store bundles in a real Felix,
 * configured through FileInstall, changed through Config Admin and by editing the schema file. The
 * sync bundles are left out: these tests need no broker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchemaReloadIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PID = "dev.tether.schema";

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SchemaService schemas;

    @Inject
    @Filter(value = "(tether.datasource=local)", timeout = 60_000)
    private DataSource dataSource;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configure() throws IOException {
        Path distribution = TestSystem.distribution();
        Path config = TestSystem.config();
        Path work = TestSystem.newWorkFolder("schema-reload");
        Path schemaFile = work.resolve("schema.json");
        Files.createDirectories(work);
        Files.copy(config.resolve("schema.json"), schemaFile);
        Path load = new GatewayConfiguration(config)
                .without("dev.tether.sample.sensor")
                .without("dev.tether.transport.mqtt")
                .without("dev.tether.replication")
                .set(PID, "schemaPath", schemaFile.toString())
                .set(PID, "watchIntervalMillis", "100")
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .writeTo(work.resolve("load"));

        return GatewayOptions.of(distribution, work, load, Map.of("itest.schema.file", schemaFile.toString()),
                jarName -> Stream.of("transport-mqtt", "replication", "sample-sensor").anyMatch(jarName::contains));
    }

    @Test
    public void aNewModelSetThroughConfigAdminBecomesWritableWithoutARestart() throws Exception {
        String json = sampleWith("Valve", validModel("Valve", "position", "number"));
        configure(json);
        awaitInForce(json);

        Map<String, Object> stored = store.put("Valve", Map.of("deviceId", "gw-1", "position", 42.5));

        assertEquals("Valve#gw-1", stored.get("pk"));
        assertEquals(stored, store.get("Valve", stored).orElseThrow());
        assertTrue("the table exists", tableExists("VALVE"));
        assertEquals("inline schemaJson", schemas.status().source());
    }

    @Test
    public void aBrokenSchemaIsRefusedAndThePreviousOneKeepsWorking() throws Exception {
        String good = sampleWith("Pump", validModel("Pump", "rpm", "number"));
        configure(good);
        awaitInForce(good);
        String goodVersionId = schemas.current().versionId();

        configure(sampleWith("Gauge", validModel("Gauge", "level", "percentage")));

        await("refusal visible in status").atMost(WAIT).until(() -> schemas.status().lastError().isPresent());
        String error = schemas.status().lastError().orElseThrow();
        assertTrue(error, error.contains("model 'Gauge', field 'level', rule 'type': unknown type 'percentage'"));
        assertEquals(goodVersionId, schemas.current().versionId());
        assertEquals(goodVersionId, schemas.status().versionId());
        assertEquals(1500L, store.put("Pump", Map.of("deviceId", "gw-1", "rpm", 1500)).get("rpm"));
        try {
            store.put("Gauge", Map.of("deviceId", "gw-1", "level", 3));
            fail("Gauge is in the refused schema only");
        } catch (UnknownModelException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'Gauge' is not in the schema"));
        }
        assertFalse(tableExists("GAUGE"));
    }

    @Test
    public void anEditedSchemaFileTakesEffectWithoutAConfigurationChange() throws Exception {
        Path file = Path.of(System.getProperty("itest.schema.file"));
        configure("");
        await("file schema in force").atMost(WAIT)
                .until(() -> schemas.status().source().equals("file " + file.toAbsolutePath()));

        String json = sampleWith("Heater", validModel("Heater", "watts", "number"));
        Files.writeString(file, json, StandardCharsets.UTF_8);
        awaitInForce(json);

        assertEquals(2000L, store.put("Heater", Map.of("deviceId", "gw-1", "watts", 2000)).get("watts"));
        assertTrue(tableExists("HEATER"));
    }

    private void configure(String schemaJson) throws Exception {
        org.osgi.service.cm.Configuration configuration =
                configurationAdmin.listConfigurations("(service.pid=" + PID + ")")[0];
        Dictionary<String, Object> properties = configuration.getProperties();
        properties.put("schemaJson", schemaJson);
        configuration.update(properties);
    }

    private void awaitInForce(String json) {
        String versionId = Schema.parse(json).versionId();
        await("schema " + versionId + " in force").atMost(WAIT)
                .until(() -> schemas.current().versionId().equals(versionId));
    }

    private boolean tableExists(String table) throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, "TETHER", table, null)) {
            return tables.next();
        }
    }

    private static String sampleWith(String model, JsonObject definition) throws IOException {
        JsonObject schema = JsonParser.parseString(Files.readString(
                TestSystem.config().resolve("schema.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        schema.getAsJsonObject("models").add(model, definition);
        JsonObject control = new JsonObject();
        control.addProperty("sync", "up");
        schema.getAsJsonObject("control").add(model, control);
        return schema.toString();
    }

    private static JsonObject validModel(String model, String field, String type) {
        return JsonParser.parseString("""
                {"pk": {"type": "string", "value": "%1$s#${deviceId}"},
                 "sk": {"type": "string", "value": "%1$s#${id}"},
                 "id": {"type": "string", "generate": "ulid"},
                 "deviceId": {"type": "string", "required": true},
                 "%2$s": {"type": "%3$s", "required": true}}
                """.formatted(model, field, type)).getAsJsonObject();
    }
}
