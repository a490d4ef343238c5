package dev.tether.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tether.protocol.ItemKey;
import dev.tether.store.ValidationException;

/** Applies a model's field rules to items; see {@link ModelDefinition#prepare(Map, Instant)}. */
final class ItemPreparer {

    private final ModelDefinition model;
    private final boolean isoDates;
    private final UlidGenerator ulids;

    ItemPreparer(ModelDefinition model, boolean isoDates, UlidGenerator ulids) {
        this.model = model;
        this.isoDates = isoDates;
        this.ulids = ulids;
    }

    /** The value in the field's type, normalized, or empty if it is not of that type. */
    static Optional<Object> toFieldType(FieldType type, Object raw, boolean isoDates) {
        return switch (type) {
            case STRING -> raw instanceof String ? Optional.of(raw) : Optional.empty();
            case NUMBER -> raw instanceof Number number
                    ? JsonValues.normalizeNumber(number).map(Object.class::cast) : Optional.empty();
            case BOOLEAN -> raw instanceof Boolean ? Optional.of(raw) : Optional.empty();
            case DATE -> DateValues.toInstant(raw).map(instant -> DateValues.store(instant, isoDates));
            case OBJECT -> raw instanceof Map ? JsonValues.normalize(raw) : Optional.empty();
            case ARRAY -> raw instanceof Collection ? JsonValues.normalize(raw) : Optional.empty();
        };
    }

    /** Checks a value against the field's type, enum and validate rules; adds what is wrong to violations. */
    static Optional<Object> check(FieldDefinition field, Object raw, boolean isoDates, List<String> violations) {
        Optional<Object> typed = toFieldType(field.type(), raw, isoDates);
        if (typed.isEmpty()) {
            violations.add("field '" + field.name() + "' must be " + typeDescription(field.type()) + ", got "
                    + JsonValues.describe(raw));
            return Optional.empty();
        }
        Object value = typed.get();
        boolean valid = true;
        if (!field.enumValues().isEmpty() && !field.enumValues().contains(value)) {
            violations.add("field '" + field.name() + "' must be one of " + field.enumValues() + ", got "
                    + JsonValues.describe(value));
            valid = false;
        }
        if (field.validate().isPresent() && !field.validate().get().matcher(String.valueOf(value)).find()) {
            violations.add("field '" + field.name() + "' does not match /" + field.validate().get().pattern() + "/, got "
                    + JsonValues.describe(value));
            valid = false;
        }
        return valid ? Optional.of(value) : Optional.empty();
    }

    private static String typeDescription(FieldType type) {
        return switch (type) {
            case DATE -> "a date (ISO-8601 text or epoch milliseconds)";
            case ARRAY, OBJECT -> "an " + type.schemaName();
            default -> "a " + type.schemaName();
        };
    }

    Map<String, Object> prepare(Map<String, Object> item, Instant now) {
        List<String> violations = new ArrayList<>();
        for (String name : item.keySet()) {
            if (model.field(name).isEmpty()) {
                violations.add("'" + name + "' is not a field of model " + model.name());
            }
        }
        Map<String, Object> values = new HashMap<>();
        List<FieldDefinition> templated = new ArrayList<>();
        for (FieldDefinition field : model.fields()) {
            if (field.template() != null) {
                templated.add(field);
                continue;
            }
            Object raw = initialValue(field, item.get(field.name()), now);
            if (raw != null) {
                check(field, raw, isoDates, violations).ifPresent(value -> values.put(field.name(), value));
            }
        }
        // Templates refer only to plain fields (the parser ensures it), so those are final by now.
        for (FieldDefinition field : templated) {
            Object raw = field.template().render(values).map(Object.class::cast).orElse(item.get(field.name()));
            if (raw != null) {
                check(field, raw, isoDates, violations).ifPresent(value -> values.put(field.name(), value));
            }
        }
        checkPresence(item, values, violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(model.name(), violations);
        }
        Map<String, Object> prepared = new LinkedHashMap<>();
        for (FieldDefinition field : model.fields()) {
            if (values.containsKey(field.name())) {
                prepared.put(field.name(), values.get(field.name()));
            }
        }
        return prepared;
    }

    private Object initialValue(FieldDefinition field, Object given, Instant now) {
        if (model.updatedField().filter(field.name()::equals).isPresent()) {
            return now;
        }
        if (given != null) {
            return given;
        }
        if (model.createdField().filter(field.name()::equals).isPresent()) {
            return now;
        }
        if (field.defaultValue().isPresent()) {
            return field.defaultValue().get();
        }
        if (field.generate().isPresent()) {
            return field.generate().get() == Generator.ULID ? ulids.next() : UUID.randomUUID().toString();
        }
        return null;
    }

    private void checkPresence(Map<String, Object> item, Map<String, Object> values, List<String> violations) {
        for (FieldDefinition field : model.fields()) {
            if (values.containsKey(field.name()) || item.get(field.name()) != null) {
                continue; // present, or absent because it was already reported as invalid
            }
            if (model.keyAttributes().contains(field.name())) {
                violations.add(missingKeyAttribute(field));
            } else if (field.required()) {
                violations.add("field '" + field.name() + "' is required");
            }
        }
        for (String key : model.keyAttributes()) {
            if ("".equals(values.get(key))) {
                violations.add("key attribute '" + key + "' must not be empty");
            }
        }
    }

    ItemKey keyOf(Map<String, Object> keyOrFields) {
        List<String> violations = new ArrayList<>();
        String hash = keyValue(model.hashKey(), keyOrFields, violations);
        String sort = model.sortKey().map(attribute -> keyValue(attribute, keyOrFields, violations)).orElse(null);
        if (!violations.isEmpty()) {
            throw new ValidationException(model.name(), violations);
        }
        return new ItemKey(hash, sort);
    }

    private String keyValue(String attribute, Map<String, Object> input, List<String> violations) {
        FieldDefinition field = model.field(attribute).orElseThrow();
        if (field.template() != null) {
            Map<String, Object> templateValues = new HashMap<>();
            for (String name : field.templateFields()) {
                Object raw = input.get(name);
                if (raw != null) {
                    FieldType type = model.field(name).orElseThrow().type();
                    toFieldType(type, raw, isoDates).ifPresent(value -> templateValues.put(name, value));
                }
            }
            Optional<String> rendered = field.template().render(templateValues);
            if (rendered.isPresent() && !rendered.get().isEmpty()) {
                return rendered.get();
            }
        }
        if (input.get(attribute) instanceof String given && !given.isEmpty()) {
            return given;
        }
        violations.add(missingKeyAttribute(field));
        return null;
    }

    private static String missingKeyAttribute(FieldDefinition field) {
        String message = "key attribute '" + field.name() + "' is missing";
        if (field.template() != null) {
            message += ": give it, or the fields " + field.templateFields() + " of its template '"
                    + field.template().source() + "'";
        }
        return message;
    }
}
