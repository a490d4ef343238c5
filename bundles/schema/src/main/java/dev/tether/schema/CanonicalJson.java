package dev.tether.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A canonical text of a JSON document (object keys sorted, no white space), so that a schema's
 * version id depends on its content, not on how the file is laid out.
 */
final class CanonicalJson {

    private static final int VERSION_ID_BYTES = 8;

    private CanonicalJson() {
    }

    /** The first 8 bytes of the SHA-256 of the canonical text, as 16 hex digits. */
    static String versionId(JsonElement document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(document).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, VERSION_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String canonical(JsonElement element) {
        StringBuilder text = new StringBuilder();
        append(element, text);
        return text.toString();
    }

    private static void append(JsonElement element, StringBuilder text) {
        if (element instanceof JsonObject object) {
            Map<String, JsonElement> sorted = new TreeMap<>(object.asMap());
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> entry : sorted.entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                text.append(new JsonPrimitive(entry.getKey())).append(':');
                append(entry.getValue(), text);
            }
            text.append('}');
        } else if (element instanceof JsonArray array) {
            text.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                append(array.get(i), text);
            }
            text.append(']');
        } else {
            text.append(element);
        }
    }
}
