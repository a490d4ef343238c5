package dev.tether.schema;

import java.util.Locale;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The models Tether itself needs, blended into every schema that does not define a model of the
 * same name (ignoring case): {@value #COMMAND}, the cloud-to-device commands of DESIGN §7, which
 * the cloud creates {@code pending} and the device completes ({@code done} or {@code failed} with a
 * message), so it syncs both ways.
 */
final class BuiltInModels {

    static final String COMMAND = "Command";

    private BuiltInModels() {
    }

    /**
     * Adds the built-in models missing from {@code models}, and their default control unless
     * {@code control} already names them.
     *
     * @param hash the primary index's hash attribute
     * @param sort the primary index's sort attribute, or {@code null}
     * @return whether the Command model was added
     */
    static boolean blend(JsonObject models, JsonObject control, String hash, String sort, String deviceField) {
        for (String name : models.keySet()) {
            if (name.toLowerCase(Locale.ROOT).equals(COMMAND.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        // The key attributes may be called id themselves (e.g. a primary index on "id" alone).
        String id = "id".equals(hash) || "id".equals(sort) ? "commandId" : "id";
        JsonObject command = new JsonObject();
        if (sort == null) {
            command.add(hash, field("{\"type\": \"string\", \"value\": \"Command#${" + deviceField + "}#${" + id
                    + "}\"}"));
        } else {
            command.add(hash, field("{\"type\": \"string\", \"value\": \"Command#${" + deviceField + "}\"}"));
            command.add(sort, field("{\"type\": \"string\", \"value\": \"Command#${" + id + "}\"}"));
        }
        command.add(id, field("{\"type\": \"string\", \"generate\": \"ulid\"}"));
        command.add(deviceField, field("{\"type\": \"string\", \"required\": true}"));
        command.add("command", field("{\"type\": \"string\", \"required\": true}"));
        command.add("args", field("{\"type\": \"object\"}"));
        command.add("status", field("{\"type\": \"string\", \"enum\": [\"pending\", \"running\", \"done\", \"failed\"],"
                + " \"default\": \"pending\", \"required\": true}"));
        command.add("message", field("{\"type\": \"string\"}"));
        models.add(COMMAND, command);
        if (!control.has(COMMAND)) {
            control.add(COMMAND, field("{\"enable\": \"both\", \"sync\": \"both\"}"));
        }
        return true;
    }

    private static JsonObject field(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
