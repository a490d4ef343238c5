package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The status code and JSON body of an API call. Errors are {@code {error, violations?}}. */
public record ApiResponse(int status, Object body) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse accepted(String message) {
        return new ApiResponse(202, Map.of("message", message));
    }

    public static ApiResponse error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new ApiResponse(status, body);
    }

    public static ApiResponse invalid(String message, List<String> violations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("violations", violations);
        return new ApiResponse(400, body);
    }

    /** 501 for what the gateway's services cannot do yet. */
    public static ApiResponse notAvailable(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("available", false);
        return new ApiResponse(501, body);
    }

    /** The feature's value with 200, or 501 with its reason. */
    public static ApiResponse of(Feature<?> feature) {
        if (feature instanceof Feature.Available<?> available) {
            return ok(available.value());
        }
        return notAvailable(((Feature.Unavailable<?>) feature).reason());
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
