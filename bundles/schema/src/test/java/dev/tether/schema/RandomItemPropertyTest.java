package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.tether.protocol.ItemKey;
import dev.tether.store.ValidationException;

/**
 * Random items against random schemas: a valid item always passes with the keys its templates
 * promise; an item with any one violation always fails, naming that violation. Each case runs from
 * its own seed, printed on failure; {@code -Dschema.seed=N} replays one.
 */
public class RandomItemPropertyTest {

    private static final int CASES = 400;
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final String[] TYPES = {"string", "number", "boolean", "date", "object", "array"};

    /** One random field and how to make values for it. */
    private record FieldSpec(String name, String type, boolean required, List<String> enumValues, boolean lowercase,
            List<FieldSpec> nested) {
    }

    private record Violation(Map<String, Object> item, String expected) {
    }

    @Test
    public void validItemsPassAndSingleViolationsAreNamed() {
        String replay = System.getProperty("schema.seed");
        long master = replay != null ? Long.parseLong(replay) : System.nanoTime();
        Random seeds = new Random(master);
        for (int i = 0; i < (replay != null ? 1 : CASES); i++) {
            long seed = replay != null ? master : seeds.nextLong();
            try {
                runCase(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case failed; replay with -Dschema.seed=" + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void runCase(Random random) {
        List<FieldSpec> fields = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            fields.add(randomField(random, "f" + i, true));
        }
        ModelDefinition model = Schema.parse(schemaJson(fields)).model("Thing").orElseThrow();

        Map<String, Object> valid = validItem(random, fields);
        Map<String, Object> prepared;
        try {
            prepared = model.prepare(valid, NOW);
        } catch (ValidationException e) {
            throw new AssertionError("valid item " + valid + " refused: " + e.getMessage(), e);
        }
        String id = (String) prepared.get("id");
        assertEquals("Thing#" + valid.get("deviceId"), prepared.get("pk"));
        assertEquals("Thing#" + id, prepared.get("sk"));
        assertEquals(new ItemKey((String) prepared.get("pk"), (String) prepared.get("sk")),
                model.keyOf(Map.of("deviceId", valid.get("deviceId"), "id", id)));

        Violation violation = oneViolation(random, fields, valid);
        try {
            model.prepare(violation.item(), NOW);
            fail("item with one violation passed: " + violation.item() + ", expected " + violation.expected());
        } catch (ValidationException e) {
            assertEquals(e.violations().toString(), 1, e.violations().size());
            assertTrue("expected '" + violation.expected() + "' in " + e.violations(),
                    e.violations().get(0).startsWith(violation.expected()));
        }
    }

    private static FieldSpec randomField(Random random, String name, boolean mayNest) {
        String type = TYPES[random.nextInt(mayNest ? TYPES.length : 4)];
        boolean required = random.nextBoolean();
        List<String> enumValues = type.equals("string") && random.nextInt(3) == 0 ? List.of("red", "green", "blue") : List.of();
        boolean lowercase = type.equals("string") && enumValues.isEmpty() && random.nextBoolean();
        List<FieldSpec> nested = new ArrayList<>();
        if ((type.equals("object") || type.equals("array")) && random.nextBoolean()) {
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                nested.add(randomField(random, "n" + i, false));
            }
        }
        return new FieldSpec(name, type, required, enumValues, lowercase, nested);
    }

    private static String schemaJson(List<FieldSpec> fields) {
        JsonObject thing = new JsonObject();
        thing.add("pk", attributes("string", false, List.of(), false, List.of()));
        thing.get("pk").getAsJsonObject().addProperty("value", "Thing#${deviceId}");
        thing.add("sk", attributes("string", false, List.of(), false, List.of()));
        thing.get("sk").getAsJsonObject().addProperty("value", "Thing#${id}");
        thing.add("id", attributes("string", false, List.of(), false, List.of()));
        thing.get("id").getAsJsonObject().addProperty("generate", "ulid");
        thing.add("deviceId", attributes("string", true, List.of(), false, List.of()));
        fields.forEach(field -> thing.add(field.name(), attributes(field)));
        JsonObject root = new JsonObject();
        root.addProperty("version", "1");
        JsonObject primary = new JsonObject();
        primary.addProperty("hash", "pk");
        primary.addProperty("sort", "sk");
        JsonObject indexes = new JsonObject();
        indexes.add("primary", primary);
        root.add("indexes", indexes);
        JsonObject models = new JsonObject();
        models.add("Thing", thing);
        root.add("models", models);
        return root.toString();
    }

    private static JsonObject attributes(FieldSpec field) {
        return attributes(field.type(), field.required(), field.enumValues(), field.lowercase(), field.nested());
    }

    private static JsonObject attributes(String type, boolean required, List<String> enumValues, boolean lowercase,
            List<FieldSpec> nested) {
        JsonObject attributes = new JsonObject();
        attributes.addProperty("type", type);
        if (required) {
            attributes.addProperty("required", true);
        }
        if (!enumValues.isEmpty()) {
            JsonArray values = new JsonArray();
            enumValues.forEach(values::add);
            attributes.add("enum", values);
        }
        if (lowercase) {
            attributes.addProperty("validate", "^[a-z]+$");
        }
        if (!nested.isEmpty()) {
            JsonObject schema = new JsonObject();
            nested.forEach(field -> schema.add(field.name(), attributes(field)));
            attributes.add("schema", schema);
        }
        return attributes;
    }

    private static Map<String, Object> validItem(Random random, List<FieldSpec> fields) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("deviceId", "gw-" + random.nextInt(1000));
        for (FieldSpec field : fields) {
            if (field.required() || random.nextBoolean()) {
                item.put(field.name(), validValue(random, field));
            }
        }
        return item;
    }

    private static Object validValue(Random random, FieldSpec field) {
        return switch (field.type()) {
            case "string" -> !field.enumValues().isEmpty() ? field.enumValues().get(random.nextInt(field.enumValues().size()))
                    : field.lowercase() ? "abc".substring(random.nextInt(3)) : "Any text " + random.nextInt();
            case "number" -> random.nextBoolean() ? (Object) random.nextInt() : (Object) random.nextDouble();
            case "boolean" -> random.nextBoolean();
            case "date" -> random.nextBoolean() ? (Object) (1_600_000_000_000L + random.nextInt(1_000_000))
                    : Instant.ofEpochSecond(1_600_000_000L + random.nextInt(1_000_000)).toString();
            case "object" -> field.nested().isEmpty() ? Map.of("free", random.nextInt()) : validItemOf(random, field.nested());
            default -> {
                List<Object> elements = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    elements.add(field.nested().isEmpty() ? random.nextInt() : validItemOf(random, field.nested()));
                }
                yield elements;
            }
        };
    }

    private static Map<String, Object> validItemOf(Random random, List<FieldSpec> fields) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (FieldSpec field : fields) {
            if (field.required() || random.nextBoolean()) {
                object.put(field.name(), validValue(random, field));
            }
        }
        return object;
    }

    /** The valid item with exactly one rule broken, and the start of the violation that names it. */
    private static Violation oneViolation(Random random, List<FieldSpec> fields, Map<String, Object> valid) {
        Map<String, Object> item = new LinkedHashMap<>(valid);
        List<Violation> candidates = new ArrayList<>();
        Map<String, Object> unknown = new LinkedHashMap<>(item);
        unknown.put("zz", 1);
        candidates.add(new Violation(unknown, "'zz' is not a field of model Thing"));
        for (FieldSpec field : fields) {
            String name = field.name();
            if (field.required()) {
                Map<String, Object> missing = new LinkedHashMap<>(item);
                missing.remove(name);
                candidates.add(new Violation(missing, "field '" + name + "' is required"));
            }
            Map<String, Object> wrongType = new LinkedHashMap<>(item);
            wrongType.put(name, field.type().equals("string") ? (Object) 42 : "not a " + field.type());
            candidates.add(new Violation(wrongType, "field '" + name + "' must be a"));
            if (!field.enumValues().isEmpty()) {
                Map<String, Object> outside = new LinkedHashMap<>(item);
                outside.put(name, "purple");
                candidates.add(new Violation(outside, "field '" + name + "' must be one of"));
            }
            if (field.lowercase()) {
                Map<String, Object> mismatch = new LinkedHashMap<>(item);
                mismatch.put(name, "ABC");
                candidates.add(new Violation(mismatch, "field '" + name + "' does not match"));
            }
            if (field.type().equals("object") && !field.nested().isEmpty()) {
                FieldSpec inner = field.nested().get(random.nextInt(field.nested().size()));
                Map<String, Object> object = validItemOf(random, field.nested());
                object.put(inner.name(), inner.type().equals("string") ? (Object) 7 : "not a " + inner.type());
                Map<String, Object> nestedWrong = new LinkedHashMap<>(item);
                nestedWrong.put(name, object);
                candidates.add(new Violation(nestedWrong, "field '" + name + "." + inner.name() + "' must be a"));
            }
            if (field.type().equals("array") && !field.nested().isEmpty()) {
                FieldSpec inner = field.nested().get(random.nextInt(field.nested().size()));
                if (inner.required()) {
                    List<Object> elements = new ArrayList<>(List.of(validItemOf(random, field.nested())));
                    Map<String, Object> broken = validItemOf(random, field.nested());
                    broken.remove(inner.name());
                    elements.add(broken);
                    Map<String, Object> nestedMissing = new LinkedHashMap<>(item);
                    nestedMissing.put(name, elements);
                    candidates.add(new Violation(nestedMissing, "field '" + name + "[1]." + inner.name() + "' is required"));
                }
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
