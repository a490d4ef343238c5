package dev.tether.store;

import java.util.Objects;

/**
 * A test on one field of an item, used in {@link Query#where(Filter) queries} and
 * {@link Condition conditions}. Strings compare as text, numbers as numbers; a missing field
 * matches only {@link #notExists(String)} and {@link Comparison#NE}.
 *
 * @param field the field name as in the schema
 * @param comparison how the field is compared
 * @param value the operand ({@code null} for the existence tests)
 * @param upper the upper bound of {@link Comparison#BETWEEN}, else {@code null}
 */
public record Filter(String field, Comparison comparison, Object value, Object upper) {

    public enum Comparison {
        EQ, NE, LT, LE, GT, GE,
        /** {@code value <= field <= upper}. */
        BETWEEN,
        /** The text field starts with the value. */
        BEGINS,
        /** The text field contains the value as a substring. */
        CONTAINS,
        EXISTS, NOT_EXISTS
    }

    public Filter {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(comparison, "comparison");
        boolean needsValue = comparison != Comparison.EXISTS && comparison != Comparison.NOT_EXISTS;
        if (needsValue && value == null) {
            throw new IllegalArgumentException(comparison + " on '" + field + "' needs a value");
        }
        if (comparison == Comparison.BETWEEN && upper == null) {
            throw new IllegalArgumentException("BETWEEN on '" + field + "' needs an upper bound");
        }
    }

    public static Filter eq(String field, Object value) {
        return new Filter(field, Comparison.EQ, value, null);
    }

    public static Filter ne(String field, Object value) {
        return new Filter(field, Comparison.NE, value, null);
    }

    public static Filter lt(String field, Object value) {
        return new Filter(field, Comparison.LT, value, null);
    }

    public static Filter le(String field, Object value) {
        return new Filter(field, Comparison.LE, value, null);
    }

    public static Filter gt(String field, Object value) {
        return new Filter(field, Comparison.GT, value, null);
    }

    public static Filter ge(String field, Object value) {
        return new Filter(field, Comparison.GE, value, null);
    }

    public static Filter between(String field, Object lower, Object upper) {
        return new Filter(field, Comparison.BETWEEN, lower, upper);
    }

    public static Filter beginsWith(String field, String prefix) {
        return new Filter(field, Comparison.BEGINS, prefix, null);
    }

    public static Filter contains(String field, String part) {
        return new Filter(field, Comparison.CONTAINS, part, null);
    }

    public static Filter exists(String field) {
        return new Filter(field, Comparison.EXISTS, null, null);
    }

    public static Filter notExists(String field) {
        return new Filter(field, Comparison.NOT_EXISTS, null, null);
    }
}
