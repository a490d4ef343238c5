package dev.tether.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

/** Reads what the cloud stored, through its HTTP API. */
public final class CloudApi {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Gson gson = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    public CloudApi(String base) {
        this.base = base;
    }

    /** The stored record of one item (its content under "item", plus version, origin, hlc), if the cloud has it. */
    public Optional<Map<String, Object>> item(String device, String model, String pk, String sk) {
        String query = "pk=" + encode(pk) + (sk == null ? "" : "&sk=" + encode(sk));
        HttpResponse<String> response = get("/api/devices/" + encode(device) + "/items/" + encode(model) + "?" + query);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check(response);
        return Optional.of(gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType()));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> itemContent(String device, String model, String pk, String sk) {
        return item(device, model, pk, sk).map(record -> (Map<String, Object>) record.get("item")).orElse(null);
    }

    /** The items of a model the cloud holds for a device. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> items(String device, String model, int limit) {
        HttpResponse<String> response = get("/api/devices/" + encode(device) + "/items/" + encode(model) + "?limit=" + limit);
        check(response);
        Map<String, Object> page = gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
        return (List<Map<String, Object>>) page.get("items");
    }

    /** Every item of a model the cloud holds for a device (the records: content under "item"), page by page. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> allItems(String device, String model) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String after = "";
        while (true) {
            HttpResponse<String> response = get("/api/devices/" + encode(device) + "/items/" + encode(model) + "?limit=1000" + after);
            check(response);
            Map<String, Object> page = gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
            all.addAll((List<Map<String, Object>>) page.get("items"));
            Map<String, Object> next = (Map<String, Object>) page.get("next");
            if (next == null) {
                return all;
            }
            after = "&afterPk=" + encode((String) next.get("pk")) + (next.get("sk") == null ? "" : "&afterSk=" + encode((String) next.get("sk")));
        }
    }

    /** The cloud's conflict log ({@code GET /api/conflicts}), newest first. */
    public List<Map<String, Object>> conflicts() {
        return conflicts(100);
    }

    /** The newest {@code limit} (at most 1000) entries of the cloud's conflict log. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> conflicts(int limit) {
        HttpResponse<String> response = get("/api/conflicts?limit=" + limit);
        check(response);
        Map<String, Object> page = gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
        return (List<Map<String, Object>>) page.get("conflicts");
    }

    /** Writes an item of a device through the API (PUT) and returns the stored record (item, key, version, origin, hlc). */
    public Map<String, Object> put(String device, String model, Map<String, Object> item) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/devices/" + encode(device)
                + "/items/" + encode(model))).PUT(HttpRequest.BodyPublishers.ofString(gson.toJson(item), StandardCharsets.UTF_8)));
        check(response);
        return gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
    }

    /** Writes an item through the cloud API (PUT of the item's JSON), as a cloud application does; returns its version. */
    public long put(String path, Map<String, Object> item) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(gson.toJson(item))).build(), HttpResponse.BodyHandlers.ofString());
            check(response);
            Map<String, Object> written = gson.fromJson(response.body(), new TypeToken<Map<String, Object>>() { }.getType());
            return ((Number) written.get("version")).longValue();
        } catch (IOException e) {
            throw new IllegalStateException("cloud API unreachable at " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes an item through the cloud API, as a cloud application does. */
    public void delete(String path) {
        try {
            check(http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException("cloud API unreachable at " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cloud API unreachable at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cloud API answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
