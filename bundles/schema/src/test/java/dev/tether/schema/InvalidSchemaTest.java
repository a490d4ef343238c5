package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Objects;

import org.junit.Test;

/** An invalid schema is refused with an error naming the model, the field and the rule. */
public class InvalidSchemaTest {

    /** A valid schema with one model, Thing, whose fields and control are given. */
    private static String schemaWith(String thingFields, String control) {
        return """
                {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
                 "models": {
                   "Thing": {"pk": {"type": "string", "value": "Thing#${deviceId}"},
                             "sk": {"type": "string", "value": "Thing#${id}"},
                             "id": {"type": "string", "generate": "ulid"},
                             "deviceId": {"type": "string", "required": true}%s},
                   "Catalog": {"pk": {"type": "string", "value": "Catalog#${name}"},
                               "sk": {"type": "string", "value": "Catalog#"},
                               "name": {"type": "string"}}},
                 "control": {%s}}
                """.formatted(thingFields.isEmpty() ? "" : ", " + thingFields, control);
    }

    private static SchemaException refused(String json) {
        try {
            Schema.parse(json);
        } catch (SchemaException e) {
            return e;
        }
        fail("schema should have been refused: " + json);
        return null;
    }

    private static void assertProblem(SchemaException error, String model, String field, String rule, String text) {
        boolean found = error.problems().stream().anyMatch(problem -> Objects.equals(problem.model(), model)
                && Objects.equals(problem.field(), field) && problem.rule().equals(rule)
                && problem.message().contains(text));
        assertTrue("expected model " + model + ", field " + field + ", rule " + rule + " ('" + text + "') in: "
                + error.getMessage(), found);
        if (model != null) {
            assertTrue(error.getMessage(), error.getMessage().contains("model '" + model + "'"));
        }
        if (field != null) {
            assertTrue(error.getMessage(), error.getMessage().contains("field '" + field + "'"));
        }
        assertTrue(error.getMessage(), error.getMessage().contains("rule '" + rule + "'"));
    }

    @Test
    public void theInvalidCorpusIsLargeAndEveryFileHasItsExpectedError() throws Exception {
        assertTrue(InvalidSchemaCorpusTest.files().size() >= 30);
        assertEquals(InvalidSchemaCorpusTest.expectedErrors().stringPropertyNames().stream().sorted().toList(),
                InvalidSchemaCorpusTest.files());
    }

    @Test
    public void theBaseSchemaIsValid() {
        Schema.parse(schemaWith("\"size\": {\"type\": \"number\"}", "\"Thing\": {\"sync\": \"up\"}"));
    }

    @Test
    public void refusesUnknownType() {
        assertProblem(refused(schemaWith("\"size\": {\"type\": \"numbr\"}", "")), "Thing", "size", "type",
                "unknown type 'numbr'");
    }

    @Test
    public void refusesMissingType() {
        assertProblem(refused(schemaWith("\"size\": {\"required\": true}", "")), "Thing", "size", "type",
                "'type' is missing");
    }

    @Test
    public void refusesUnknownFieldAttribute() {
        assertProblem(refused(schemaWith("\"size\": {\"type\": \"number\", \"colour\": \"red\"}", "")), "Thing", "size",
                "attributes", "unknown attribute 'colour'");
    }

    @Test
    public void refusesUnknownTopLevelAndControlAttributes() {
        String withExtra = schemaWith("", "\"Thing\": {\"sync\": \"up\", \"policy\": \"lww\"}")
                .replaceFirst("\\{", "{\"queries\": {}, ");
        SchemaException error = refused(withExtra);
        assertProblem(error, null, null, "schema", "unknown attribute 'queries'");
        assertProblem(error, "Thing", null, "control", "unknown attribute 'policy'");
    }

    @Test
    public void refusesBadEnableAndSyncValues() {
        assertProblem(refused(schemaWith("", "\"Thing\": {\"enable\": \"everywhere\"}")), "Thing", null,
                "control.enable", "unknown value 'everywhere'");
        assertProblem(refused(schemaWith("", "\"Thing\": {\"sync\": \"sideways\"}")), "Thing", null,
                "control.sync", "unknown value 'sideways'");
    }

    @Test
    public void refusesBadEnumAndDefault() {
        assertProblem(refused(schemaWith("\"level\": {\"type\": \"string\", \"enum\": \"low\"}", "")), "Thing", "level",
                "enum", "non-empty array");
        assertProblem(refused(schemaWith("\"level\": {\"type\": \"number\", \"enum\": [1, \"two\"]}", "")), "Thing",
                "level", "enum", "\"two\" is not a number");
        assertProblem(refused(schemaWith(
                "\"level\": {\"type\": \"string\", \"enum\": [\"low\", \"high\"], \"default\": \"medium\"}", "")),
                "Thing", "level", "default", "must be one of [low, high]");
        assertProblem(refused(schemaWith("\"size\": {\"type\": \"number\", \"default\": \"big\"}", "")), "Thing", "size",
                "default", "must be a number");
    }

    @Test
    public void refusesNamesCollidingIgnoringCase() {
        assertProblem(refused(schemaWith("\"DeviceID\": {\"type\": \"string\"}", "")), "Thing", "DeviceID", "name",
                "collides with field 'deviceId'");
        String twoModels = schemaWith("", "").replace("\"Catalog\":", "\"THING\":");
        assertProblem(refused(twoModels), "THING", null, "name", "collides with model 'Thing'");
    }

    @Test
    public void refusesTimestampCollision() {
        String json = schemaWith("\"Created\": {\"type\": \"date\"}", "")
                .replaceFirst("\\{", "{\"params\": {\"timestamps\": true}, ");
        assertProblem(refused(json), "Thing", "Created", "timestamps", "collides with the timestamp field 'created'");
    }

    @Test
    public void refusesNamesThatCannotBeColumns() {
        assertProblem(refused(schemaWith("\"tether_version\": {\"type\": \"number\"}", "")), "Thing", "tether_version",
                "name", "reserved");
        assertProblem(refused(schemaWith("\"max-size\": {\"type\": \"number\"}", "")), "Thing", "max-size", "name",
                "letters, digits");
    }

    @Test
    public void refusesTemplateWithUnknownField() {
        String json = schemaWith("", "").replace("Thing#${id}", "Thing#${ident}");
        assertProblem(refused(json), "Thing", "sk", "value", "refers to unknown field 'ident'");
    }

    @Test
    public void refusesTemplateOnTemplateAndUnclosedTemplate() {
        assertProblem(refused(schemaWith("\"alias\": {\"type\": \"string\", \"value\": \"A#${pk}\"}", "")), "Thing",
                "alias", "value", "has a value template itself");
        assertProblem(refused(schemaWith("\"alias\": {\"type\": \"string\", \"value\": \"A#${id\"}", "")), "Thing",
                "alias", "value", "is not closed");
        assertProblem(refused(schemaWith("\"size\": {\"type\": \"number\", \"value\": \"${id}\"}", "")), "Thing",
                "size", "value", "must be of type string");
    }

    @Test
    public void refusesSharedModelSyncingUp() {
        assertProblem(refused(schemaWith("", "\"Catalog\": {\"sync\": \"up\"}")), "Catalog", null, "control.sync",
                "the model is shared");
        assertProblem(refused(schemaWith("", "\"Catalog\": {\"sync\": \"both\"}")), "Catalog", null, "control.sync",
                "can sync only down or none");
        Schema.parse(schemaWith("", "\"Catalog\": {\"sync\": \"down\"}"));
    }

    @Test
    public void refusesSyncOfModelThatExistsOnOneSideOnly() {
        assertProblem(refused(schemaWith("", "\"Thing\": {\"enable\": \"device\", \"sync\": \"up\"}")), "Thing", null,
                "control.sync", "control.enable is 'device'");
        assertProblem(refused(schemaWith("", "\"Catalog\": {\"enable\": \"cloud\", \"sync\": \"down\"}")), "Catalog",
                null, "control.sync", "control.enable is 'cloud'");
    }

    @Test
    public void refusesControlOfUnknownModel() {
        assertProblem(refused(schemaWith("", "\"Ghost\": {\"sync\": \"down\"}")), "Ghost", null, "control",
                "does not define");
    }

    @Test
    public void refusesMissingPrimaryIndexAndKeyField() {
        assertProblem(refused(schemaWith("", "").replace("\"primary\"", "\"main\"")), null, null, "indexes.primary",
                "needs a primary index");
        String noPk = schemaWith("", "").replace("\"Catalog\": {\"pk\"", "\"Catalog\": {\"pk2\"");
        assertProblem(refused(noPk), "Catalog", "pk", "indexes.primary", "no field 'pk'");
    }

    @Test
    public void refusesBadGeneratorAndRegex() {
        assertProblem(refused(schemaWith("\"serial\": {\"type\": \"string\", \"generate\": \"counter\"}", "")), "Thing",
                "serial", "generate", "unknown generator 'counter'");
        assertProblem(refused(schemaWith("\"serial\": {\"type\": \"number\", \"generate\": \"uuid\"}", "")), "Thing",
                "serial", "generate", "must be of type string");
        assertProblem(refused(schemaWith("\"code\": {\"type\": \"string\", \"validate\": \"/[a-z/\"}", "")), "Thing",
                "code", "validate", "not a valid regular expression");
    }

    @Test
    public void refusesMalformedJsonAndMissingVersion() {
        assertProblem(refused("{\"version\": "), null, null, "json", "not valid JSON");
        assertProblem(refused("[]"), null, null, "json", "must be a JSON object");
        assertProblem(refused(schemaWith("", "").replace("\"version\": \"1\",", "")), null, null, "version",
                "'version' is missing");
    }

    @Test
    public void reportsEveryProblemAtOnce() {
        SchemaException error = refused(schemaWith(
                "\"size\": {\"type\": \"numbr\"}, \"level\": {\"type\": \"string\", \"colour\": 1}",
                "\"Catalog\": {\"sync\": \"up\"}"));
        assertProblem(error, "Thing", "size", "type", "numbr");
        assertProblem(error, "Thing", "level", "attributes", "colour");
        assertProblem(error, "Catalog", null, "control.sync", "shared");
    }
}
