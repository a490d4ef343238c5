package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value the console shows when the gateway's services provide it, or the reason why they do not
 * yet. Lets every section of the console render today and light up once the API behind it exists.
 */
public sealed interface Feature<T> permits Feature.Available, Feature.Unavailable {

    static <T> Feature<T> available(T value) {
        return new Available<>(value);
    }

    static <T> Feature<T> unavailable(String reason) {
        return new Unavailable<>(reason);
    }

    /** The JSON shape every section uses: {@code {available: true, value}} or {@code {available: false, reason}}. */
    Map<String, Object> toJson();

    record Available<T>(T value) implements Feature<T> {
        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("available", true);
            json.put("value", value);
            return json;
        }
    }

    record Unavailable<T>(String reason) implements Feature<T> {
        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("available", false);
            json.put("reason", reason);
            return json;
        }
    }
}
