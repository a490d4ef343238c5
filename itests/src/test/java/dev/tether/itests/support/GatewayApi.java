package dev.tether.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/**
 * Reads the sync figures of a gateway started as a process ({@link GatewayProcess} with an HTTP port)
 * through its HTTP API ({@code GET /tether/api/status}), which answers loopback requests without a login.
 */
public final class GatewayApi {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Gson gson = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    public GatewayApi(int httpPort) {
        this.base = "http://127.0.0.1:" + httpPort;
    }

    /** The engine's figures ({@code sync} of the status), or {@code null} while the gateway does not answer yet. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> sync() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/tether/api/status"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            Map<String, Object> status = gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
            Map<String, Object> sync = (Map<String, Object>) status.get("sync");
            return sync == null || !sync.containsKey("outboxDepth") ? null : sync;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One number of the engine's figures (e.g. {@code inFlightBatches}), -1 while the gateway does not answer. */
    public long number(String field) {
        Map<String, Object> sync = sync();
        return sync == null ? -1 : ((Number) sync.get(field)).longValue();
    }

    /** The highest cloud version up to which the device has applied its own stream, -1 while unknown. */
    @SuppressWarnings("unchecked")
    public long deviceCursor() {
        Map<String, Object> sync = sync();
        if (sync == null || !(sync.get("cursors") instanceof Map<?, ?> feature) || !Boolean.TRUE.equals(feature.get("available"))) {
            return -1;
        }
        return ((Number) ((Map<String, Object>) feature.get("value")).get("downDevice")).longValue();
    }
}
