package dev.tether.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Normalizes JSON-like values: whole numbers become {@link Long}, other numbers {@link Double},
 * maps and collections are copied with normalized contents. Anything else is not JSON-like.
 */
final class JsonValues {

    /** Whole doubles beyond this magnitude do not fit a long. */
    private static final double LONG_LIMIT = 9.2e18;

    private JsonValues() {
    }

    /** The number as a Long if it is whole, else as a Double; empty if it is not finite. */
    static Optional<Number> normalizeNumber(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return Optional.of(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? Optional.of(big.longValue()) : Optional.of(big.doubleValue());
        }
        if (number instanceof BigDecimal decimal) {
            return normalizeDouble(decimal.doubleValue());
        }
        return normalizeDouble(number.doubleValue());
    }

    private static Optional<Number> normalizeDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.empty();
        }
        if (value == Math.rint(value) && Math.abs(value) < LONG_LIMIT) {
            return Optional.of((long) value);
        }
        return Optional.of(value);
    }

    /** A normalized copy of a JSON-like value, or empty if it (or something inside it) is not JSON-like. */
    static Optional<Object> normalize(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return Optional.ofNullable(value);
        }
        if (value instanceof Number number) {
            return normalizeNumber(number).map(Object.class::cast);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    return Optional.empty();
                }
                Optional<Object> normalized = normalize(entry.getValue());
                if (entry.getValue() != null && normalized.isEmpty()) {
                    return Optional.empty();
                }
                copy.put(key, normalized.orElse(null));
            }
            return Optional.of(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object element : collection) {
                Optional<Object> normalized = normalize(element);
                if (element != null && normalized.isEmpty()) {
                    return Optional.empty();
                }
                copy.add(normalized.orElse(null));
            }
            return Optional.of(copy);
        }
        return Optional.empty();
    }

    /** How a value is shown in a violation message. */
    static String describe(Object value) {
        if (value instanceof String text) {
            return "string '" + text + "'";
        }
        if (value instanceof Number) {
            return "number " + value;
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Collection) {
            return "an array";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
