package dev.tether.console.internal;

import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/** JSON for the console: maps, lists and scalars; whole numbers read as Long, others as Double, like the store. */
public final class JsonCodec {

    private static final TypeToken<Map<String, Object>> OBJECT = new TypeToken<>() {
    };

    private final Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private final Gson pretty = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    public String write(Object value) {
        return gson.toJson(value);
    }

    public String writePretty(Object value) {
        return pretty.toJson(value);
    }

    /**
     * Reads a JSON object.
     *
     * @throws IllegalArgumentException if the text is not one JSON object
     */
    public Map<String, Object> readObject(String json) {
        try {
            Map<String, Object> object = gson.fromJson(json, OBJECT);
            if (object == null) {
                throw new IllegalArgumentException("the body is empty: expected a JSON object");
            }
            return object;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage(), e);
        }
    }
}
