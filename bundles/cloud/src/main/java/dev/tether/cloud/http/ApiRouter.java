package dev.tether.cloud.http;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.Topics;

/**
 * Maps request paths to endpoints and renders every answer, errors included, as JSON:
 * <ul>
 * <li>{@code GET /api/status}</li>
 * <li>{@code GET /api/devices}</li>
 * <li>{@code GET /api/devices/{device}/items/{model}[?limit=|?pk=&sk=]}</li>
 * <li>{@code GET /api/shared/items/{model}[?limit=|?pk=&sk=]}</li>
 * </ul>
 */
final class ApiRouter implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiRouter.class.getName());

    private final StatusEndpoint status;
    private final DevicesEndpoint devices;
    private final ItemsEndpoint items;
    private final Gson gson = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, new InstantSerializer())
            .create();

    ApiRouter(StatusEndpoint status, DevicesEndpoint devices, ItemsEndpoint items) {
        this.status = status;
        this.devices = devices;
        this.items = items;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int code = 200;
            Object body;
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    throw new ApiError(405, "method " + exchange.getRequestMethod() + " is not allowed here; use GET");
                }
                body = route(ApiRequest.of(exchange.getRequestURI()), exchange);
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

    private Object route(ApiRequest request, HttpExchange exchange) {
        List<String> path = request.segments();
        if (path.size() >= 2 && path.get(0).equals("api")) {
            String section = path.get(1);
            if (path.size() == 2 && section.equals("status")) {
                return status.get(request);
            }
            if (path.size() == 2 && section.equals("devices")) {
                return devices.get(request);
            }
            if (path.size() == 5 && section.equals("devices") && path.get(3).equals("items")) {
                String device = checkedDevice(path.get(2));
                return items.get(device, "device " + device, path.get(4), request);
            }
            if (path.size() == 4 && section.equals("shared") && path.get(2).equals("items")) {
                return items.get(CloudStore.SHARED_SCOPE, "the shared scope", path.get(3), request);
            }
        }
        throw ApiError.notFound("no such endpoint: " + exchange.getRequestURI().getRawPath());
    }

    private static String checkedDevice(String device) {
        try {
            return Topics.checkedDevice(device);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private void send(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] json = gson.toJson(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
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
