package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.store.ValidationException;

public class ItemPreparationTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static Schema schema;

    @BeforeClass
    public static void load() throws Exception {
        schema = SampleSchemaTest.sampleSchema();
    }

    private static ModelDefinition model(String name) {
        return schema.model(name).orElseThrow();
    }

    private static Map<String, Object> item(Object... keysAndValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            item.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return item;
    }

    private static List<String> violations(ModelDefinition model, Map<String, Object> item) {
        try {
            model.prepare(item, NOW);
        } catch (ValidationException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("item of model " + model.name() + " is invalid"));
            return e.violations();
        }
        fail("item should have been refused: " + item);
        return null;
    }

    @Test
    public void generatesIdComputesKeysAndStampsTimes() {
        Map<String, Object> prepared = model("Reading").prepare(
                item("deviceId", "gw-1", "sensor", "t1", "value", 21.5, "at", 1_700_000_000_000L), NOW);
        String id = (String) prepared.get("id");
        assertEquals(26, id.length());
        assertEquals("Reading#gw-1", prepared.get("pk"));
        assertEquals("Reading#" + id, prepared.get("sk"));
        assertEquals(21.5, prepared.get("value"));
        assertEquals("2023-11-14T22:13:20.000Z", prepared.get("at"));
        assertEquals("2025-03-01T10:15:30.123Z", prepared.get("created"));
        assertEquals("2025-03-01T10:15:30.123Z", prepared.get("updated"));
        assertEquals(List.of("pk", "sk", "id", "deviceId", "sensor", "value", "at", "created", "updated"),
                List.copyOf(prepared.keySet()));
    }

    @Test
    public void keepsGivenIdAndCreatedButRenewsUpdated() {
        Map<String, Object> prepared = model("Reading").prepare(item("id", "01HX", "deviceId", "gw-1", "sensor", "t1",
                "value", 1, "created", "2024-01-01T00:00:00Z", "updated", "2024-01-01T00:00:00Z"), NOW);
        assertEquals("01HX", prepared.get("id"));
        assertEquals("Reading#01HX", prepared.get("sk"));
        assertEquals("2024-01-01T00:00:00.000Z", prepared.get("created"));
        assertEquals("2025-03-01T10:15:30.123Z", prepared.get("updated"));
    }

    @Test
    public void templatesWinOverGivenKeyAttributes() {
        Map<String, Object> prepared = model("Setting").prepare(
                item("pk", "forged", "deviceId", "gw-1", "name", "rate", "value", "5"), NOW);
        assertEquals("Setting#gw-1", prepared.get("pk"));
        assertEquals("Setting#rate", prepared.get("sk"));
    }

    @Test
    public void appliesDefaults() {
        Map<String, Object> prepared = model("Fault").prepare(item("deviceId", "gw-1", "code", "E42"), NOW);
        assertEquals("warning", prepared.get("severity"));
        assertEquals(true, prepared.get("active"));
        assertEquals("Fault#E42", prepared.get("gs1pk"));
        assertEquals("Fault#gw-1", prepared.get("gs1sk"));
        assertFalse(prepared.containsKey("details"));
    }

    @Test
    public void normalizesNumbersAndNestedValues() {
        Map<String, Object> details = new HashMap<>();
        details.put("count", 3);
        details.put("ratio", 0.5f);
        details.put("tags", List.of("a", 7));
        Map<String, Object> prepared = model("Fault").prepare(
                item("deviceId", "gw-1", "code", "E1", "details", details), NOW);
        @SuppressWarnings("unchecked")
        Map<String, Object> normalized = (Map<String, Object>) prepared.get("details");
        assertEquals(3L, normalized.get("count"));
        assertEquals(0.5, normalized.get("ratio"));
        assertEquals(List.of("a", 7L), normalized.get("tags"));

        Map<String, Object> reading = model("Reading").prepare(
                item("deviceId", "gw-1", "sensor", "t1", "value", 2.0), NOW);
        assertEquals(2L, reading.get("value"));
        assertEquals(7L, model("Reading").prepare(item("deviceId", "gw-1", "sensor", "t1", "value", 7), NOW).get("value"));
    }

    @Test
    public void coercesDatesToIsoUtc() {
        ModelDefinition reading = model("Reading");
        Map<String, Object> base = item("deviceId", "gw-1", "sensor", "t1", "value", 1);
        base.put("at", "2025-01-31T13:00:00+01:00");
        assertEquals("2025-01-31T12:00:00.000Z", reading.prepare(base, NOW).get("at"));
        base.put("at", "2025-01-31");
        assertEquals("2025-01-31T00:00:00.000Z", reading.prepare(base, NOW).get("at"));
        base.put("at", Instant.parse("2025-01-31T12:00:00.5Z"));
        assertEquals("2025-01-31T12:00:00.500Z", reading.prepare(base, NOW).get("at"));
        base.put("at", 0);
        assertEquals("1970-01-01T00:00:00.000Z", reading.prepare(base, NOW).get("at"));
    }

    @Test
    public void storesEpochMillisWhenIsoDatesIsOff() {
        Schema epoch = Schema.parse("""
                {"version": "1", "params": {"isoDates": false}, "indexes": {"primary": {"hash": "pk"}},
                 "models": {"Event": {"pk": {"type": "string"}, "at": {"type": "date"}}}}
                """);
        Map<String, Object> prepared = epoch.model("Event").orElseThrow()
                .prepare(item("pk", "e1", "at", "1970-01-01T00:00:01Z"), NOW);
        assertEquals(1000L, prepared.get("at"));
    }

    @Test
    public void reportsMissingRequiredFields() {
        List<String> violations = violations(model("Reading"), item("sensor", "t1"));
        assertTrue(violations.toString(), violations.contains("field 'deviceId' is required"));
        assertTrue(violations.toString(), violations.contains("field 'value' is required"));
        assertTrue(violations.toString(), violations.stream().anyMatch(v -> v.startsWith("key attribute 'pk' is missing")
                && v.contains("[deviceId]")));
    }

    @Test
    public void reportsAllViolationsAtOnce() {
        List<String> violations = violations(model("Fault"), item("code", 5, "severity", "fatal", "active", "yes",
                "details", "none", "colour", "red"));
        assertTrue(violations.toString(), violations.contains("field 'deviceId' is required"));
        assertTrue(violations.toString(), violations.contains("field 'code' must be a string, got number 5"));
        assertTrue(violations.toString(),
                violations.contains("field 'severity' must be one of [info, warning, critical], got string 'fatal'"));
        assertTrue(violations.toString(), violations.contains("field 'active' must be a boolean, got string 'yes'"));
        assertTrue(violations.toString(), violations.contains("field 'details' must be an object, got string 'none'"));
        assertTrue(violations.toString(), violations.contains("'colour' is not a field of model Fault"));
    }

    @Test
    public void reportsBadDatesAndNumbers() {
        List<String> violations = violations(model("Reading"),
                item("deviceId", "gw-1", "sensor", "t1", "value", Double.NaN, "at", "yesterday"));
        assertTrue(violations.toString(), violations.contains("field 'value' must be a number, got number NaN"));
        assertTrue(violations.toString(), violations.contains(
                "field 'at' must be a date (ISO-8601 text or epoch milliseconds), got string 'yesterday'"));
    }

    @Test
    public void checksValidatePatterns() {
        Schema validated = Schema.parse("""
                {"version": "1", "indexes": {"primary": {"hash": "pk"}},
                 "models": {"Tag": {"pk": {"type": "string", "value": "Tag#${code}"},
                                    "code": {"type": "string", "validate": "/^[a-z]{3}$/i"},
                                    "serial": {"type": "string", "generate": "uuid"}}}}
                """);
        ModelDefinition tag = validated.model("Tag").orElseThrow();
        Map<String, Object> prepared = tag.prepare(item("code", "AbC"), NOW);
        assertEquals("Tag#AbC", prepared.get("pk"));
        assertEquals(36, ((String) prepared.get("serial")).length());
        List<String> violations = violations(tag, item("code", "abcd"));
        assertEquals(List.of("field 'code' does not match /^[a-z]{3}$/, got string 'abcd'",
                "key attribute 'pk' is missing: give it, or the fields [code] of its template 'Tag#${code}'"),
                violations);
    }

    @Test
    public void generatedUlidsOfOneSchemaIncrease() {
        ModelDefinition reading = model("Reading");
        String previous = "";
        for (int i = 0; i < 200; i++) {
            String id = (String) reading.prepare(item("deviceId", "gw", "sensor", "s", "value", i), NOW).get("id");
            assertTrue(id + " after " + previous, id.compareTo(previous) > 0);
            previous = id;
        }
    }

    @Test
    public void computesKeyFromTemplateFieldsOrKeyAttributes() {
        ModelDefinition fault = model("Fault");
        assertEquals(new ItemKey("Fault#gw-1", "Fault#01AB"), fault.keyOf(item("deviceId", "gw-1", "id", "01AB")));
        assertEquals(new ItemKey("Fault#gw-1", "Fault#01AB"), fault.keyOf(item("pk", "Fault#gw-1", "sk", "Fault#01AB")));
        assertEquals(new ItemKey("Fault#gw-1", "Fault#01AB"), fault.keyOf(item("deviceId", "gw-1", "sk", "Fault#01AB")));
        try {
            fault.keyOf(item("deviceId", "gw-1"));
            fail("sk cannot be computed");
        } catch (ValidationException e) {
            assertEquals(List.of("key attribute 'sk' is missing: give it, or the fields [id] of its template 'Fault#${id}'"),
                    e.violations());
        }
    }

    @Test
    public void computesKeyOfModelWithoutSortKey() {
        Schema single = Schema.parse("""
                {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
                 "models": {"Note": {"pk": {"type": "string"}, "text": {"type": "string"}}}}
                """);
        ItemKey key = single.model("Note").orElseThrow().keyOf(item("pk", "n1"));
        assertEquals("n1", key.pk());
        assertNull(key.sk());
        assertNotEquals(key, new ItemKey("n1", ""));
    }
}
