package dev.tether.itests.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

/** The cloud service's counters ({@code GET /api/status}): how many changes it applied and how many it answered as duplicates. */
final class CloudCounters {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    CloudCounters(String base) {
        this.base = base;
    }

    long changesApplied() {
        return counter("changesApplied");
    }

    long duplicates() {
        return counter("duplicates");
    }

    private long counter(String name) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> status = new Gson().fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
            @SuppressWarnings("unchecked")
            Map<String, Object> counters = (Map<String, Object>) status.get("counters");
            return ((Number) counters.get(name)).longValue();
        } catch (IOException e) {
            throw new IllegalStateException("cloud status unreachable at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
