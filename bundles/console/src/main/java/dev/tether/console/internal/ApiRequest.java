package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/**
 * One call of the console's JSON API, independent of where it came from (the HTTP API, the Web
 * Console page or a shell command).
 *
 * @param method GET, PUT, POST or DELETE
 * @param path the path below {@code /tether/api}, split at slashes, without empty segments
 * @param query the query parameters, first value of each
 * @param body the request body, empty if none
 */
public record ApiRequest(String method, List<String> path, Map<String, String> query, String body) {

    public static ApiRequest of(String method, String path, Map<String, String> query, String body) {
        List<String> segments = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        return new ApiRequest(method, segments, Map.copyOf(query), body == null ? "" : body);
    }

    public String segment(int index) {
        return index < path.size() ? path.get(index) : null;
    }
}
