package dev.tether.cloud.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.Topics;

/**
 * Checks the bearer token, maps request paths to endpoints and renders every answer, errors
 * included, as JSON (except {@code /metrics}, Prometheus text):
 * <ul>
 * <li>{@code GET /api/status}, {@code GET /api/devices}, {@code GET /api/conflicts}</li>
 * <li>{@code GET|PUT|DELETE /api/devices/{device}/items/{model}}</li>
 * <li>{@code GET|PUT|DELETE /api/shared/items/{model}}</li>
 * <li>{@code GET /metrics}</li>
 * </ul>
 */
final class ApiRouter implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiRouter.class.getName());
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final Optional<byte[]> expectedAuthorization;
    private final StatusEndpoint status;
    private final DevicesEndpoint devices;
    private final ConflictsEndpoint conflicts;
    private final ItemsEndpoint items;
    private final Supplier<String> metrics;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Gson gson = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, new InstantSerializer())
            .create();

    ApiRouter(Optional<String> token, StatusEndpoint status, DevicesEndpoint devices, ConflictsEndpoint conflicts,
            ItemsEndpoint items, Supplier<String> metrics) {
        this.expectedAuthorization = token.map(value -> ("Bearer " + value).getBytes(StandardCharsets.UTF_8));
        this.status = status;
        this.devices = devices;
        this.conflicts = conflicts;
        this.items = items;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int code = 200;
            Object body;
            try {
                checkAuthorization(exchange);
                ApiRequest request = ApiRequest.of(exchange.getRequestURI());
                if (request.segments().equals(List.of("metrics"))) {
                    requireMethod(exchange, Set.of("GET"));
                    sendText(exchange, metrics.get());
                    return;
                }
                body = route(request, exchange);
            } catch (ApiError e) {
                code = e.status();
                body = Map.of("error", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "HTTP " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
                code = 500;
                body = Map.of("error", "internal error: " + e.getMessage());
            }
            send(exchange, code, body);
        }
    }

    private void checkAuthorization(HttpExchange exchange) {
        if (expectedAuthorization.isEmpty()) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || !MessageDigest.isEqual(expectedAuthorization.get(), given.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tether-cloud\"");
            throw new ApiError(401, given == null ? "this API needs 'Authorization: Bearer <http.token>'" : "wrong bearer token");
        }
    }

    private Object route(ApiRequest request, HttpExchange exchange) {
        List<String> path = request.segments();
        if (path.size() >= 2 && path.get(0).equals("api")) {
            String section = path.get(1);
            if (path.size() == 2 && section.equals("status")) {
                requireMethod(exchange, Set.of("GET"));
                return status.get(request);
            }
            if (path.size() == 2 && section.equals("devices")) {
                requireMethod(exchange, Set.of("GET"));
                return devices.get(request);
            }
            if (path.size() == 2 && section.equals("conflicts")) {
                requireMethod(exchange, Set.of("GET"));
                return conflicts.get(request);
            }
            if (path.size() == 5 && section.equals("devices") && path.get(3).equals("items")) {
                String device = checkedDevice(path.get(2));
                return items(exchange, request, device, "device " + device, path.get(4));
            }
            if (path.size() == 4 && section.equals("shared") && path.get(2).equals("items")) {
                return items(exchange, request, CloudStore.SHARED_SCOPE, "the shared scope", path.get(3));
            }
        }
        throw ApiError.notFound("no such endpoint: " + exchange.getRequestURI().getRawPath());
    }

    private Object items(HttpExchange exchange, ApiRequest request, String scope, String scopeLabel, String model) {
        String method = requireMethod(exchange, Set.of("GET", "PUT", "DELETE"));
        return switch (method) {
            case "PUT" -> items.put(scope, model, request, readItem(exchange));
            case "DELETE" -> items.delete(scope, model, request);
            default -> items.get(scope, scopeLabel, model, request);
        };
    }

    private static String requireMethod(HttpExchange exchange, Set<String> allowed) {
        String method = exchange.getRequestMethod();
        if (!allowed.contains(method)) {
            String allow = String.join(", ", allowed.stream().sorted().toList());
            exchange.getResponseHeaders().set("Allow", allow);
            throw new ApiError(405, "method " + method + " is not allowed here; use " + allow);
        }
        return method;
    }

    private Map<String, Object> readItem(HttpExchange exchange) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "the item is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return codec.itemFromJson(new String(body, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw ApiError.badRequest("the body must be the item as a JSON object: " + e.getMessage());
        }
    }

    private static String checkedDevice(String device) {
        try {
            return Topics.checkedDevice(device);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private void send(HttpExchange exchange, int code, Object body) throws IOException {
        write(exchange, code, "application/json; charset=utf-8", gson.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendText(HttpExchange exchange, String text) throws IOException {
        write(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** ISO-8601 text: Gson cannot reflect into java.time classes on Java 17. */
    private static final class InstantSerializer implements JsonSerializer<Instant> {
        @Override
        public JsonPrimitive serialize(Instant instant, Type type, JsonSerializationContext context) {
            return new JsonPrimitive(instant.toString());
        }
    }
}
