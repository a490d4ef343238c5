package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

/** The schemas under {@code schemas/valid}, several in the style of the OneTable documentation, load as meant. */
public class ValidSchemaCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/schemas/valid");

    static String text(String name) {
        try {
            return Files.readString(CORPUS.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema load(String name) {
        return Schema.parse(text(name));
    }

    private static List<String> names(ModelDefinition model) {
        return model.fields().stream().map(FieldDefinition::name).toList();
    }

    @Test
    public void everyFileLoads() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> all = files.filter(file -> file.toString().endsWith(".json")).toList();
            assertTrue(all.size() >= 6);
            for (Path file : all) {
                Schema schema = load(file.getFileName().toString());
                assertFalse(file.toString(), schema.models().isEmpty());
                assertTrue(file.toString(), schema.model("Command").isPresent());
            }
        }
    }

    @Test
    public void theOneTableCrmExampleLoadsWithCapitalisedTypesAndProjectedIndex() {
        Schema schema = load("onetable-crm.json");
        assertEquals("0.0.1", schema.version());
        ModelDefinition user = schema.model("User").orElseThrow();
        assertEquals(List.of("pk", "sk", "accountId", "id", "name", "email", "status", "balance", "gs1pk", "gs1sk",
                "created", "updated"), names(user));
        assertEquals(0L, user.field("balance").orElseThrow().defaultValue().orElseThrow());
        assertEquals(List.of(new IndexDefinition("gs1", "gs1pk", "gs1sk")), user.secondaryIndexes());
        assertTrue(user.field("id").orElseThrow().validate().orElseThrow().matcher("01hzy3k8qf5f0e6a0d7x9z8b4c").find());
        assertFalse("a model without the device field is shared", user.deviceScoped());
    }

    @Test
    public void processIsASynonymOfControl() {
        Schema schema = load("ioto-style-process.json");
        assertEquals(SyncDirection.BOTH, schema.model("Service").orElseThrow().sync());
        assertEquals(Enablement.DEVICE, schema.model("Log").orElseThrow().enable());
        assertEquals("expires", schema.model("Log").orElseThrow().ttlField().orElseThrow());
        assertTrue(schema.model("Service").orElseThrow().createdField().isEmpty());
        assertEquals("updated", schema.model("Service").orElseThrow().updatedField().orElseThrow());
    }

    @Test
    public void everyAttributeAndParamIsRead() {
        Schema schema = load("every-attribute.json");
        assertFalse(schema.isoDates());
        assertEquals("gatewayId", schema.deviceField());
        assertEquals("kind", schema.typeField().orElseThrow());
        assertTrue(schema.nulls());
        assertEquals(UnknownFields.STRIP, schema.unknownFields());
        ModelDefinition batch = schema.model("Batch").orElseThrow();
        assertEquals("madeAt", batch.createdField().orElseThrow());
        assertTrue(batch.updatedField().isEmpty());
        assertEquals(ConflictPolicy.DEVICE_WINS, batch.conflictPolicy());
        assertEquals("gatewayId", batch.deviceField().orElseThrow());
        assertTrue(batch.field("id").orElseThrow().readonly());
        assertEquals(Generator.UUID, batch.field("id").orElseThrow().generate().orElseThrow());
        assertTrue(batch.field("secret").orElseThrow().hidden());
        assertEquals("purge", batch.ttlField().orElseThrow());
        FieldDefinition steps = batch.field("recipe").orElseThrow().schema().get(1);
        assertEquals("steps", steps.name());
        assertEquals(FieldType.ARRAY, steps.type());
        assertEquals(60L, steps.schema().get(1).defaultValue().orElseThrow());
        assertEquals(List.of(new IndexDefinition("gs1", "gs1pk", "gs1sk"), new IndexDefinition("ls1", "pk", "line")),
                batch.secondaryIndexes());
        assertTrue(names(batch).containsAll(List.of("kind", "madeAt")));
    }

    @Test
    public void aUserCommandModelReplacesTheBuiltInOne() {
        ModelDefinition command = load("own-command-model.json").model("Command").orElseThrow();
        assertFalse(command.builtIn());
        assertEquals(SyncDirection.DOWN, command.sync());
        assertEquals(List.of("pk", "sk", "id", "deviceId", "action"), names(command));
    }

    @Test
    public void controlMayNameTheBuiltInCommandModel() {
        Schema schema = load("control-for-built-in.json");
        assertTrue(schema.model("Command").orElseThrow().builtIn());
        assertEquals(SyncDirection.DOWN, schema.model("Command").orElseThrow().sync());
        assertEquals(ConflictPolicy.LWW, schema.model("Meter").orElseThrow().conflictPolicy());
    }

    @Test
    public void theBuiltInCommandAvoidsAKeyAttributeCalledId() {
        ModelDefinition command = load("minimal.json").model("Command").orElseThrow();
        assertEquals(List.of("id"), command.keyAttributes());
        assertEquals("Command#${deviceId}#${commandId}", command.field("id").orElseThrow().valueTemplate().orElseThrow());
        assertEquals(Generator.ULID, command.field("commandId").orElseThrow().generate().orElseThrow());
    }

    @Test
    public void theVersionIdDependsOnContentNotLayout() {
        String text = text("onetable-crm.json");
        Schema schema = Schema.parse(text);
        assertEquals(schema.versionId(), Schema.parse(text.replaceAll("\\s+", " ")).versionId());
        String reordered = text.replace("\"version\": \"0.0.1\",", "").replaceFirst("\\{", "{\"version\": \"0.0.1\",");
        assertEquals(schema.versionId(), Schema.parse(reordered).versionId());
        assertNotEquals(schema.versionId(), Schema.parse(text.replace("\"default\": 0", "\"default\": 1")).versionId());
        assertTrue(schema.versionId().matches("[0-9a-f]{16}"));
    }
}
