package dev.tether.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tether.schema.FieldDefinition;
import dev.tether.schema.FieldType;
import dev.tether.schema.ModelDefinition;
import dev.tether.store.Filter;
import dev.tether.store.Query;
import dev.tether.store.ValidationException;

/**
 * Turns the console's listing parameters into a store {@link Query}: the hash key (or all the
 * fields of its template) selects the partition, any other key field must match exactly, the
 * prefix tests the sort key, and {@code after} is the store's cursor of the previous page.
 */
final class ItemListingQuery {

    private ItemListingQuery() {
    }

    /**
     * @param keyFields key attributes or fields their templates are made of, with the values as given (text)
     * @throws ValidationException listing every field that is not a key field or has a value of the wrong type
     */
    static Query of(ModelDefinition model, Map<String, Object> keyFields, String sortKeyPrefix, String after, int limit) {
        Set<String> allowed = new LinkedHashSet<>(model.keyAttributes());
        allowed.addAll(StatusReport.keyFields(model));
        List<String> violations = new ArrayList<>();
        keyFields.keySet().stream().filter(name -> !allowed.contains(name)).forEach(name -> violations.add(
                "'" + name + "' is not a key field of " + model.name() + "; list by " + String.join(", ", allowed)
                        + ", prefix, limit and after"));

        Map<String, Object> remaining = new LinkedHashMap<>(keyFields);
        remaining.keySet().retainAll(allowed);
        Query query = Query.of(model.name()).limit(limit);
        Map<String, Object> partition = partition(model, remaining);
        if (!partition.isEmpty()) {
            query = query.partition(partition);
            remaining.keySet().removeAll(partition.keySet());
        }
        for (Map.Entry<String, Object> field : remaining.entrySet()) {
            Optional<Object> value = typed(model, field.getKey(), field.getValue(), violations);
            if (value.isPresent()) {
                query = query.where(Filter.eq(field.getKey(), value.get()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(model.name(), violations);
        }
        if (sortKeyPrefix != null && !sortKeyPrefix.isEmpty()) {
            query = query.sortKeyBeginsWith(sortKeyPrefix);
        }
        return after == null || after.isEmpty() ? query : query.after(after);
    }

    /** The hash attribute itself, or every field of its template; empty if neither is given whole. */
    private static Map<String, Object> partition(ModelDefinition model, Map<String, Object> given) {
        String hash = model.hashKey();
        if (given.containsKey(hash)) {
            return Map.of(hash, given.get(hash));
        }
        List<String> templateFields = model.field(hash).map(FieldDefinition::templateFields).orElse(List.of());
        if (templateFields.isEmpty() || !given.keySet().containsAll(templateFields)) {
            return Map.of();
        }
        Map<String, Object> partition = new LinkedHashMap<>();
        templateFields.forEach(name -> partition.put(name, given.get(name)));
        return partition;
    }

    /** Whole numbers as Long, others as Double, like the store (a ternary would widen both to double). */
    private static Number number(String text) {
        if (text.contains(".") || text.contains("e") || text.contains("E")) {
            return Double.valueOf(text);
        }
        return Long.valueOf(text);
    }

    /** A value given as text, as the field's type wants it for an exact match. */
    private static Optional<Object> typed(ModelDefinition model, String name, Object value, List<String> violations) {
        FieldType type = model.field(name).map(FieldDefinition::type).orElse(FieldType.STRING);
        String text = String.valueOf(value);
        try {
            return switch (type) {
                case NUMBER -> Optional.of(number(text));
                case BOOLEAN -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Optional.of(Boolean.valueOf(text));
                }
                default -> Optional.of(text);
            };
        } catch (NumberFormatException e) {
            violations.add("'" + name + "' is a " + type.name().toLowerCase(Locale.ROOT) + " field, not '" + text + "'");
            return Optional.empty();
        }
    }
}
