package dev.tether.cloud.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A request's path segments and query parameters, percent-decoded. */
final class ApiRequest {

    private final List<String> segments;
    private final Map<String, String> query;

    private ApiRequest(List<String> segments, Map<String, String> query) {
        this.segments = segments;
        this.query = query;
    }

    static ApiRequest of(URI uri) {
        List<String> segments = new ArrayList<>();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                // '+' is literal in a path; only the query uses it for a space
                segments.add(decode(segment.replace("+", "%2B")));
            }
        }
        return new ApiRequest(Collections.unmodifiableList(segments), parseQuery(uri.getRawQuery()));
    }

    List<String> segments() {
        return segments;
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** Refuses parameters the endpoint does not know, so that a typo is not silently ignored. */
    void allowOnly(Set<String> names) {
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw ApiError.badRequest("unknown query parameter '" + name + "'; allowed: " + String.join(", ", names));
            }
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw ApiError.badRequest("query parameter '" + name + "' is given more than once");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad percent-encoding in '" + text + "'");
        }
    }
}
