package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import dev.tether.store.ValidationException;

/**
 * The item rules added for the full dialect: nested schemas with paths, padded templates, typeField,
 * nulls, unknown-field stripping, readonly, partial updates and replicas. Table-driven where the
 * cases are alike.
 */
public class ItemRulesTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final Instant EARLIER = Instant.parse("2024-12-24T08:00:00Z");

    private final Schema sample;
    private final Schema everyAttribute = ValidSchemaCorpusTest.load("every-attribute.json");

    public ItemRulesTest() throws IOException {
        sample = SampleSchemaTest.sampleSchema();
    }

    private static Map<String, Object> item(Object... keysAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            item.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return item;
    }

    private static List<String> violations(Runnable preparation) {
        try {
            preparation.run();
        } catch (ValidationException e) {
            return e.violations();
        }
        fail("item should have been refused");
        return null;
    }

    private record Row(String model, Map<String, Object> item, List<String> expected) {
    }

    @Test
    public void refusesEachBrokenRuleWithItsPath() {
        Map<String, Object> owner = item("team", "ops");
        List<Row> table = List.of(
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "limits", List.of(item("level", "warning", "max", "hot"))),
                        List.of("field 'limits[0].max' must be a number, got string 'hot'")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "limits",
                        List.of(item("level", "warning"), item("level", "critical"), item("level", "fatal"))),
                        List.of("field 'limits[2].level' must be one of [warning, critical], got string 'fatal'")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "limits", List.of(item("max", 3))),
                        List.of("field 'limits[0].level' is required")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "limits", List.of("warning")),
                        List.of("field 'limits[0]' must be an object, got string 'warning'")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "limits", List.of(item("level", "warning", "avg", 2))),
                        List.of("'limits[0].avg' is not a field of 'limits[0]'")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "owner", item("email", "nobody")),
                        List.of("field 'owner.team' is required", "field 'owner.email' does not match /^[^@\\s]+@[^@\\s]+$/, got string 'nobody'")),
                new Row("Threshold", item("deviceId", "gw", "sensor", "t1", "owner", "ops"),
                        List.of("field 'owner' must be an object, got string 'ops'")),
                new Row("Threshold", item("deviceId", "gw", "owner", owner),
                        List.of("key attribute 'sk' is missing: give it, or the fields [sensor] of its template 'Threshold#${sensor}'",
                                "field 'sensor' is required")),
                new Row("Fault", item("deviceId", "gw", "code", "E1", "severity", "fatal"),
                        List.of("field 'severity' must be one of [info, warning, critical], got string 'fatal'")),
                new Row("Fault", item("deviceId", "gw", "code", "E1", "colour", "red"),
                        List.of("'colour' is not a field of model Fault")),
                new Row("Reading", item("deviceId", "gw", "sensor", "t", "value", 1, "at", "yesterday"),
                        List.of("field 'at' must be a date (ISO-8601 text or epoch milliseconds), got string 'yesterday'")),
                new Row("Setting", item("deviceId", "gw", "name", "Bad Name"),
                        List.of("field 'name' does not match /^[a-z][a-zA-Z0-9.]*$/, got string 'Bad Name'",
                                "key attribute 'sk' is missing: give it, or the fields [name] of its template 'Setting#${name}'")),
                new Row("Command", item("deviceId", "gw", "command", "reboot", "status", "paused"),
                        List.of("field 'status' must be one of [pending, running, done, failed], got string 'paused'")),
                new Row("Command", item("deviceId", "gw"), List.of("field 'command' is required")));
        for (Row row : table) {
            ModelDefinition model = sample.model(row.model()).orElseThrow();
            assertEquals(row.model() + " " + row.item(), row.expected(), violations(() -> model.prepare(row.item(), NOW)));
        }
    }

    @Test
    public void appliesNestedDefaultsAndNormalizesNestedValues() {
        ModelDefinition batch = everyAttribute.model("Batch").orElseThrow();
        Map<String, Object> prepared = batch.prepare(item("gatewayId", "gw", "line", 3, "seq", 42,
                "recipe", item("name", "r1", "steps", List.of(item("op", "mix"), item("op", "heat", "secs", 90.0)))), NOW);
        assertEquals(item("name", "r1", "steps", List.of(item("op", "mix", "secs", 60L), item("op", "heat", "secs", 90L))),
                prepared.get("recipe"));
    }

    @Test
    public void padsTemplateValuesAndSetsTheTypeField() {
        ModelDefinition batch = everyAttribute.model("Batch").orElseThrow();
        Map<String, Object> prepared = batch.prepare(item("gatewayId", "gw", "line", 3, "seq", 42), NOW);
        assertEquals("line#003", prepared.get("pk"));
        String id = (String) prepared.get("id");
        assertTrue(id, id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertEquals("batch#00000042#" + id, prepared.get("sk"));
        assertEquals("Batch", prepared.get("kind"));
        assertEquals("product#bolt", prepared.get("gs1pk"));
        assertEquals(NOW.toEpochMilli(), prepared.get("madeAt"));
        assertEquals(batch.keyOf(prepared), batch.keyOf(item("line", 3L, "seq", 42, "id", id)));
        assertEquals("line#1234", batch.prepare(item("gatewayId", "gw", "line", 1234, "seq", 1), NOW).get("pk"));
    }

    @Test
    public void stripsUnknownFieldsWhenToldAndKeepsExplicitNulls() {
        ModelDefinition batch = everyAttribute.model("Batch").orElseThrow();
        Map<String, Object> prepared = batch.prepare(item("gatewayId", "gw", "line", 1, "seq", 1, "colour", "red",
                "ok", null, "recipe", item("name", "r", "extra", true)), NOW);
        assertFalse(prepared.containsKey("colour"));
        assertTrue(prepared.containsKey("ok"));
        assertNull(prepared.get("ok"));
        assertEquals(item("name", "r"), prepared.get("recipe"));
        assertFalse("without params.nulls an explicit null is absent",
                sample.model("Reading").orElseThrow().prepare(item("deviceId", "g", "sensor", "s", "value", 1, "unit", null), NOW)
                        .containsKey("unit"));
    }

    @Test
    public void anUpdateIsCheckedOnTheMergedItem() {
        ModelDefinition threshold = sample.model("Threshold").orElseThrow();
        Map<String, Object> stored = threshold.prepare(item("deviceId", "gw", "sensor", "t1", "enabled", true), EARLIER);

        Map<String, Object> updated = threshold.prepareUpdate(stored, item("enabled", false), NOW);
        assertEquals(false, updated.get("enabled"));
        assertEquals("t1", updated.get("sensor"));
        assertEquals(stored.get("created"), updated.get("created"));
        assertEquals("2025-03-01T10:15:30.123Z", updated.get("updated"));

        assertEquals(List.of("field 'deviceId' is required"),
                violations(() -> threshold.prepareUpdate(stored, item("deviceId", null), NOW)).subList(0, 1));
        assertEquals(List.of("field 'sensor' is readonly: it cannot change from string 't1' to string 't2'"),
                violations(() -> threshold.prepareUpdate(stored, item("sensor", "t2"), NOW)));
        assertEquals("the same value is no change", "t1",
                threshold.prepareUpdate(stored, item("sensor", "t1"), NOW).get("sensor"));
    }

    @Test
    public void anUpdateCannotMoveAnItemToAnotherKey() {
        ModelDefinition fault = sample.model("Fault").orElseThrow();
        Map<String, Object> stored = fault.prepare(item("deviceId", "gw", "code", "E1"), EARLIER);
        assertEquals(List.of("key attribute 'pk' would change from 'Fault#gw' to 'Fault#gw-2': an update cannot move an"
                + " item to another key"), violations(() -> fault.prepareUpdate(stored, item("deviceId", "gw-2"), NOW)));
        assertEquals("Fault#E2", fault.prepareUpdate(stored, item("code", "E2"), NOW).get("gs1pk"));
    }

    @Test
    public void aReplicaKeepsItsTimestamps() {
        ModelDefinition reading = sample.model("Reading").orElseThrow();
        Map<String, Object> fromCloud = item("deviceId", "gw", "sensor", "t", "value", 1,
                "created", "2024-12-24T08:00:00Z", "updated", EARLIER.plusSeconds(60).toEpochMilli());
        Map<String, Object> prepared = reading.prepareReplica(fromCloud, NOW);
        assertEquals("2024-12-24T08:00:00.000Z", prepared.get("created"));
        assertEquals("2024-12-24T08:01:00.000Z", prepared.get("updated"));
        assertEquals("2025-03-01T10:15:30.123Z", reading.prepareReplica(item("deviceId", "gw", "sensor", "t", "value", 1),
                NOW).get("updated"));
        assertEquals("a local write restamps updated", "2025-03-01T10:15:30.123Z",
                reading.prepare(fromCloud, NOW).get("updated"));
    }

    @Test
    public void hiddenFieldsCanBeLeftOutForDisplay() {
        ModelDefinition fleet = sample.model("Fleet").orElseThrow();
        Map<String, Object> prepared = fleet.prepare(item("name", "north", "site", "plant-2"), NOW);
        assertEquals("plant-2", prepared.get("site"));
        assertFalse(fleet.withoutHidden(prepared).containsKey("site"));
        assertEquals(new ArrayList<>(prepared.keySet()).size() - 1, fleet.withoutHidden(prepared).size());
    }
}
