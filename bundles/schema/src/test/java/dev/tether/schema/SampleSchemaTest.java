package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;

/** The sample schema the product ships ({@code config/schema.json}) loads with the meaning it intends. */
public class SampleSchemaTest {

    private static Schema schema;

    static Schema sampleSchema() throws IOException {
        return Schema.parse(Files.readString(Path.of("../../config/schema.json"), StandardCharsets.UTF_8));
    }

    @BeforeClass
    public static void load() throws IOException {
        schema = sampleSchema();
    }

    @Test
    public void readsVersionParamsAndModels() {
        assertEquals("1.1.0", schema.version());
        assertEquals("onetable:1.1.0", schema.format());
        assertTrue(schema.isoDates());
        assertEquals("deviceId", schema.deviceField());
        assertEquals(new IndexDefinition("primary", "pk", "sk"), schema.primaryIndex());
        assertEquals(List.of("Reading", "Fault", "Setting", "Threshold", "Firmware", "Status", "Diagnostic", "Fleet",
                "Schedule", "Command"), schema.models().stream().map(ModelDefinition::name).toList());
        assertEquals(16, schema.versionId().length());
    }

    @Test
    public void readsFieldsWithTimestampsAppended() {
        ModelDefinition reading = schema.model("Reading").orElseThrow();
        assertEquals(List.of("pk", "sk", "id", "deviceId", "sensor", "value", "unit", "at", "created", "updated"),
                reading.fields().stream().map(FieldDefinition::name).toList());
        assertEquals(FieldType.NUMBER, reading.field("value").orElseThrow().type());
        assertTrue(reading.field("value").orElseThrow().required());
        assertEquals(FieldType.DATE, reading.field("created").orElseThrow().type());
        assertEquals(Generator.ULID, reading.field("id").orElseThrow().generate().orElseThrow());
        assertEquals("Reading#${deviceId}", reading.field("pk").orElseThrow().valueTemplate().orElseThrow());
        assertEquals(List.of("deviceId"), reading.field("pk").orElseThrow().templateFields());
        assertEquals("created", reading.createdField().orElseThrow());
        assertEquals("updated", reading.updatedField().orElseThrow());
    }

    @Test
    public void readsKeysControlAndScope() {
        ModelDefinition reading = schema.model("Reading").orElseThrow();
        assertEquals(List.of("pk", "sk"), reading.keyAttributes());
        assertEquals(Enablement.BOTH, reading.enable());
        assertEquals(SyncDirection.UP, reading.sync());
        assertTrue(reading.syncsUp());
        assertFalse(reading.syncsDown());
        assertTrue(reading.deviceScoped());
        assertEquals("deviceId", reading.deviceField().orElseThrow());

        ModelDefinition setting = schema.model("Setting").orElseThrow();
        assertTrue(setting.syncsDown());
        assertFalse(setting.syncsUp());

        ModelDefinition firmware = schema.model("Firmware").orElseThrow();
        assertFalse(firmware.deviceScoped());
        assertTrue(firmware.deviceField().isEmpty());

        ModelDefinition diagnostic = schema.model("Diagnostic").orElseThrow();
        assertEquals(Enablement.DEVICE, diagnostic.enable());
        assertTrue(diagnostic.existsOnDevice());
        assertFalse(diagnostic.existsInCloud());
        assertEquals(SyncDirection.NONE, diagnostic.sync());

        ModelDefinition fleet = schema.model("Fleet").orElseThrow();
        assertFalse(fleet.existsOnDevice());
        assertFalse(fleet.deviceScoped());
    }

    @Test
    public void readsEnumsDefaultsAndSecondaryIndexes() {
        ModelDefinition fault = schema.model("Fault").orElseThrow();
        FieldDefinition severity = fault.field("severity").orElseThrow();
        assertEquals(List.of("info", "warning", "critical"), severity.enumValues());
        assertEquals("warning", severity.defaultValue().orElseThrow());
        assertEquals(true, fault.field("active").orElseThrow().defaultValue().orElseThrow());
        assertEquals(List.of(new IndexDefinition("gs1", "gs1pk", "gs1sk")), fault.secondaryIndexes());
        assertTrue(schema.model("Reading").orElseThrow().secondaryIndexes().isEmpty());
    }

    @Test
    public void readsTheTetherAdditions() {
        ModelDefinition threshold = schema.model("Threshold").orElseThrow();
        assertEquals(ConflictPolicy.CLOUD_WINS, threshold.conflictPolicy());
        assertEquals(ConflictPolicy.LWW, schema.model("Reading").orElseThrow().conflictPolicy());
        assertEquals(ConflictPolicy.DEVICE_WINS, schema.model("Schedule").orElseThrow().conflictPolicy());
        assertTrue(threshold.field("sensor").orElseThrow().readonly());
        assertEquals(List.of("level", "min", "max"),
                threshold.field("limits").orElseThrow().schema().stream().map(FieldDefinition::name).toList());
        assertEquals("expires", schema.model("Diagnostic").orElseThrow().ttlField().orElseThrow());
        assertTrue(schema.model("Fleet").orElseThrow().field("site").orElseThrow().hidden());
        assertFalse(schema.model("Status").orElseThrow().existsOnDevice());
    }

    @Test
    public void theBuiltInCommandModelSyncsBothWays() {
        ModelDefinition command = schema.model("Command").orElseThrow();
        assertTrue(command.builtIn());
        assertEquals(SyncDirection.BOTH, command.sync());
        assertTrue(command.deviceScoped());
        assertEquals(List.of("pending", "running", "done", "failed"), command.field("status").orElseThrow().enumValues());
        assertEquals("pending", command.field("status").orElseThrow().defaultValue().orElseThrow());
        assertEquals(List.of("pk", "sk", "id", "deviceId", "command", "args", "status", "message", "created", "updated"),
                command.fields().stream().map(FieldDefinition::name).toList());
        assertFalse(schema.model("Reading").orElseThrow().builtIn());
    }

    @Test
    public void controlDefaultsToBothAndNone() {
        Schema noControl = Schema.parse("""
                {"version": "1", "indexes": {"primary": {"hash": "pk"}},
                 "models": {"Note": {"pk": {"type": "String"}, "text": {"type": "STRING"}}}}
                """);
        ModelDefinition note = noControl.model("Note").orElseThrow();
        assertEquals(Enablement.BOTH, note.enable());
        assertEquals(SyncDirection.NONE, note.sync());
        assertEquals(List.of("pk"), note.keyAttributes());
        assertTrue(note.sortKey().isEmpty());
        assertEquals(FieldType.STRING, note.field("text").orElseThrow().type());
        assertTrue(note.createdField().isEmpty());
    }

    @Test
    public void deviceFieldCanBeRenamed() {
        Schema renamed = Schema.parse("""
                {"version": "1", "indexes": {"primary": {"hash": "pk"}}, "params": {"deviceField": "gateway"},
                 "models": {"Note": {"pk": {"type": "string"}, "gateway": {"type": "string"}},
                            "Other": {"pk": {"type": "string"}, "deviceId": {"type": "string"}}},
                 "control": {"Note": {"sync": "up"}}}
                """);
        assertEquals("gateway", renamed.model("Note").orElseThrow().deviceField().orElseThrow());
        assertFalse(renamed.model("Other").orElseThrow().deviceScoped());
    }

    @Test
    public void aSchemaServiceLambdaStillWorksAndReportsAPlainStatus() {
        SchemaService service = () -> schema;
        assertEquals(schema.versionId(), service.status().versionId());
        assertEquals("unknown", service.status().source());
        assertTrue(service.status().lastError().isEmpty());
    }
}
