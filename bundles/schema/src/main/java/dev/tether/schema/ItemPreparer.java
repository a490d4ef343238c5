package dev.tether.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.tether.protocol.ItemKey;
import dev.tether.store.ValidationException;

/**
 * Applies a model's field rules to items; see {@link ModelDefinition#prepare(Map, Instant)}.
 * Violations name the value by its path inside the item, e.g. {@code details.limits[2].max}.
 */
final class ItemPreparer {

    /** Whether timestamps are stamped now (a local write) or kept as given (an item applied from elsewhere). */
    private enum Stamping { WRITE, REPLICA }

    private final ModelDefinition model;
    private final ModelOptions options;
    private final UlidGenerator ulids;

    ItemPreparer(ModelDefinition model, ModelOptions options, UlidGenerator ulids) {
        this.model = model;
        this.options = options;
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

    /**
     * Checks a value against the field's type, enum, validate and nested schema rules; adds what is
     * wrong to violations, naming the value by {@code path}.
     *
     * @return the normalized value (nested defaults applied), or empty if it broke a rule
     */
    static Optional<Object> check(FieldDefinition field, String path, Object raw, boolean isoDates,
            UnknownFields unknownFields, List<String> violations) {
        Optional<Object> typed = toFieldType(field.type(), raw, isoDates);
        if (typed.isEmpty()) {
            violations.add("field '" + path + "' must be " + typeDescription(field.type()) + ", got "
                    + JsonValues.describe(raw));
            return Optional.empty();
        }
        Object value = typed.get();
        int before = violations.size();
        if (!field.enumValues().isEmpty() && !field.enumValues().contains(value)) {
            violations.add("field '" + path + "' must be one of " + field.enumValues() + ", got "
                    + JsonValues.describe(value));
        }
        if (field.validate().isPresent() && !field.validate().get().matcher(String.valueOf(value)).find()) {
            violations.add("field '" + path + "' does not match /" + field.validate().get().pattern() + "/, got "
                    + JsonValues.describe(value));
        }
        if (!field.schema().isEmpty()) {
            value = checkNested(field, path, value, isoDates, unknownFields, violations);
        }
        return violations.size() == before ? Optional.of(value) : Optional.empty();
    }

    private static Object checkNested(FieldDefinition field, String path, Object value, boolean isoDates,
            UnknownFields unknownFields, List<String> violations) {
        if (field.type() == FieldType.OBJECT) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return checkObject(field.schema(), path, object, isoDates, unknownFields, violations);
        }
        List<Object> checked = new ArrayList<>();
        List<?> elements = (List<?>) value;
        for (int i = 0; i < elements.size(); i++) {
            String elementPath = path + "[" + i + "]";
            if (elements.get(i) instanceof Map<?, ?> element) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) element;
                checked.add(checkObject(field.schema(), elementPath, object, isoDates, unknownFields, violations));
            } else {
                violations.add("field '" + elementPath + "' must be an object, got "
                        + (elements.get(i) == null ? "null" : JsonValues.describe(elements.get(i))));
            }
        }
        return checked;
    }

    private static Map<String, Object> checkObject(List<FieldDefinition> fields, String path,
            Map<String, Object> object, boolean isoDates, UnknownFields unknownFields, List<String> violations) {
        if (unknownFields == UnknownFields.REJECT) {
            for (String name : object.keySet()) {
                if (fields.stream().noneMatch(field -> field.name().equals(name))) {
                    violations.add("'" + path + "." + name + "' is not a field of '" + path + "'");
                }
            }
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (FieldDefinition field : fields) {
            String fieldPath = path + "." + field.name();
            Object raw = object.get(field.name());
            if (raw == null) {
                raw = field.defaultValue().orElse(null);
            }
            if (raw == null) {
                if (field.required()) {
                    violations.add("field '" + fieldPath + "' is required");
                }
                continue;
            }
            check(field, fieldPath, raw, isoDates, unknownFields, violations)
                    .ifPresent(value -> checked.put(field.name(), value));
        }
        return checked;
    }

    private static String typeDescription(FieldType type) {
        return switch (type) {
            case DATE -> "a date (ISO-8601 text or epoch milliseconds)";
            case ARRAY, OBJECT -> "an " + type.schemaName();
            default -> "a " + type.schemaName();
        };
    }

    Map<String, Object> prepare(Map<String, Object> item, Instant now) {
        return throwing(item, now, Stamping.WRITE);
    }

    Map<String, Object> prepareReplica(Map<String, Object> item, Instant now) {
        return throwing(item, now, Stamping.REPLICA);
    }

    Map<String, Object> prepareUpdate(Map<String, Object> stored, Map<String, Object> changes, Instant now) {
        Map<String, Object> merged = new LinkedHashMap<>(stored);
        changes.forEach((name, value) -> {
            if (value == null && !options.nulls()) {
                merged.remove(name);
            } else {
                merged.put(name, value);
            }
        });
        model.createdField().filter(stored::containsKey).ifPresent(created -> merged.put(created, stored.get(created)));
        List<String> violations = new ArrayList<>();
        checkReadonly(stored, changes, violations);
        Map<String, Object> prepared = prepare(merged, now, Stamping.WRITE, violations);
        if (violations.isEmpty()) {
            checkKeyUnchanged(stored, prepared, violations);
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(model.name(), violations);
        }
        return prepared;
    }

    private void checkReadonly(Map<String, Object> stored, Map<String, Object> changes, List<String> violations) {
        for (FieldDefinition field : model.fields()) {
            if (!field.readonly() || !changes.containsKey(field.name()) || stored.get(field.name()) == null) {
                continue;
            }
            Object change = changes.get(field.name());
            Object normalized = change == null ? null
                    : toFieldType(field.type(), change, options.isoDates()).orElse(change);
            if (!Objects.equals(normalized, stored.get(field.name()))) {
                violations.add("field '" + field.name() + "' is readonly: it cannot change from "
                        + JsonValues.describe(stored.get(field.name())) + " to "
                        + (change == null ? "null" : JsonValues.describe(change)));
            }
        }
    }

    private void checkKeyUnchanged(Map<String, Object> stored, Map<String, Object> prepared, List<String> violations) {
        for (String attribute : model.keyAttributes()) {
            Object before = stored.get(attribute);
            Object after = prepared.get(attribute);
            if (before != null && !before.equals(after)) {
                violations.add("key attribute '" + attribute + "' would change from '" + before + "' to '" + after
                        + "': an update cannot move an item to another key");
            }
        }
    }

    private Map<String, Object> throwing(Map<String, Object> item, Instant now, Stamping stamping) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> prepared = prepare(item, now, stamping, violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(model.name(), violations);
        }
        return prepared;
    }

    private Map<String, Object> prepare(Map<String, Object> item, Instant now, Stamping stamping,
            List<String> violations) {
        if (options.unknownFields() == UnknownFields.REJECT) {
            for (String name : item.keySet()) {
                if (model.field(name).isEmpty()) {
                    violations.add("'" + name + "' is not a field of model " + model.name());
                }
            }
        }
        Map<String, Object> values = new HashMap<>();
        List<FieldDefinition> templated = new ArrayList<>();
        for (FieldDefinition field : model.fields()) {
            if (field.template() != null) {
                templated.add(field);
                continue;
            }
            Object raw = initialValue(field, item.get(field.name()), now, stamping);
            if (raw != null) {
                check(field, field.name(), raw, options.isoDates(), options.unknownFields(), violations)
                        .ifPresent(value -> values.put(field.name(), value));
            }
        }
        // Templates refer only to plain fields (the parser ensures it), so those are final by now.
        for (FieldDefinition field : templated) {
            Object raw = field.template().render(values).map(Object.class::cast).orElse(item.get(field.name()));
            if (raw != null) {
                check(field, field.name(), raw, options.isoDates(), options.unknownFields(), violations)
                        .ifPresent(value -> values.put(field.name(), value));
            }
        }
        checkPresence(item, values, violations);
        Map<String, Object> prepared = new LinkedHashMap<>();
        for (FieldDefinition field : model.fields()) {
            if (values.containsKey(field.name())) {
                prepared.put(field.name(), values.get(field.name()));
            } else if (options.nulls() && item.containsKey(field.name()) && item.get(field.name()) == null) {
                prepared.put(field.name(), null);
            }
        }
        return prepared;
    }

    private Object initialValue(FieldDefinition field, Object given, Instant now, Stamping stamping) {
        if (stamping == Stamping.WRITE && model.updatedField().filter(field.name()::equals).isPresent()) {
            return now;
        }
        if (given != null) {
            return given;
        }
        if (model.createdField().filter(field.name()::equals).isPresent()
                || model.updatedField().filter(field.name()::equals).isPresent()) {
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
                    toFieldType(type, raw, options.isoDates()).ifPresent(value -> templateValues.put(name, value));
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
