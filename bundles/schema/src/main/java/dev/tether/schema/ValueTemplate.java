package dev.tether.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code value} template such as {@code Fault#${deviceId}}: literal text and field references. */
final class ValueTemplate {

    private record Part(String literal, String fieldName) {
    }

    private final String source;
    private final List<Part> parts;

    private ValueTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException if a {@code ${} is not closed or names no field */
    static ValueTemplate parse(String source) {
        List<Part> parts = new ArrayList<>();
        int position = 0;
        while (position < source.length()) {
            int open = source.indexOf("${", position);
            if (open < 0) {
                parts.add(new Part(source.substring(position), null));
                break;
            }
            if (open > position) {
                parts.add(new Part(source.substring(position, open), null));
            }
            int close = source.indexOf('}', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'${' at position " + open + " is not closed by '}'");
            }
            String fieldName = source.substring(open + 2, close).trim();
            if (fieldName.isEmpty()) {
                throw new IllegalArgumentException("'${}' at position " + open + " names no field");
            }
            parts.add(new Part(null, fieldName));
            position = close + 1;
        }
        return new ValueTemplate(source, List.copyOf(parts));
    }

    String source() {
        return source;
    }

    List<String> fieldNames() {
        return parts.stream().filter(part -> part.fieldName() != null).map(Part::fieldName).toList();
    }

    /** The rendered value, or empty if a referenced field has no value. */
    Optional<String> render(Map<String, Object> values) {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                text.append(part.literal());
            } else {
                Object value = values.get(part.fieldName());
                if (value == null) {
                    return Optional.empty();
                }
                text.append(value);
            }
        }
        return Optional.of(text.toString());
    }

    @Override
    public String toString() {
        return source;
    }
}
