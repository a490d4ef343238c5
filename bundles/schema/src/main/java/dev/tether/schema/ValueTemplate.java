package dev.tether.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code value} template such as {@code Fault#${deviceId}}: literal text and field references.
 * A reference may pad its value on the left to a width, {@code ${seq:6:0}} (pad character defaults
 * to a space), so that numbers sort as text.
 */
final class ValueTemplate {

    private record Part(String literal, String fieldName, int width, char pad) {

        static Part literal(String text) {
            return new Part(text, null, 0, ' ');
        }
    }

    private final String source;
    private final List<Part> parts;

    private ValueTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException if a {@code ${} is not closed, names no field or has a bad size or pad */
    static ValueTemplate parse(String source) {
        List<Part> parts = new ArrayList<>();
        int position = 0;
        while (position < source.length()) {
            int open = source.indexOf("${", position);
            if (open < 0) {
                parts.add(Part.literal(source.substring(position)));
                break;
            }
            if (open > position) {
                parts.add(Part.literal(source.substring(position, open)));
            }
            int close = source.indexOf('}', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'${' at position " + open + " is not closed by '}'");
            }
            parts.add(reference(source.substring(open + 2, close), open));
            position = close + 1;
        }
        return new ValueTemplate(source, List.copyOf(parts));
    }

    private static Part reference(String text, int position) {
        String[] pieces = text.split(":", -1);
        String fieldName = pieces[0].trim();
        if (fieldName.isEmpty()) {
            throw new IllegalArgumentException("'${" + text + "}' at position " + position + " names no field");
        }
        if (pieces.length > 3) {
            throw new IllegalArgumentException("'${" + text + "}' at position " + position
                    + " has too many parts; expected ${field}, ${field:size} or ${field:size:pad}");
        }
        int width = 0;
        if (pieces.length > 1) {
            try {
                width = Integer.parseInt(pieces[1].trim());
            } catch (NumberFormatException e) {
                width = -1;
            }
            if (width < 1) {
                throw new IllegalArgumentException("'${" + text + "}' at position " + position
                        + ": size '" + pieces[1] + "' must be a positive whole number");
            }
        }
        char pad = ' ';
        if (pieces.length > 2) {
            if (pieces[2].length() != 1) {
                throw new IllegalArgumentException("'${" + text + "}' at position " + position
                        + ": pad '" + pieces[2] + "' must be one character");
            }
            pad = pieces[2].charAt(0);
        }
        return new Part(null, fieldName, width, pad);
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
                String rendered = String.valueOf(value);
                for (int missing = part.width() - rendered.length(); missing > 0; missing--) {
                    text.append(part.pad());
                }
                text.append(rendered);
            }
        }
        return Optional.of(text.toString());
    }

    @Override
    public String toString() {
        return source;
    }
}
