package dev.tether.itests.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;

/** Calls the gateway's HTTP API as a script would; every answer's body is parsed as JSON. */
final class GatewayHttp {

    record Reply(int status, Map<String, Object> json, String text) {
    }

    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    GatewayHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    GatewayHttp withHeader(String name, String value) {
        GatewayHttp copy = new GatewayHttp(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    GatewayHttp withLogin(String user, String password) {
        return withHeader("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply put(String path, Object body) {
        return send("PUT", path, body instanceof String text ? text : GSON.toJson(body));
    }

    Reply post(String path) {
        return send("POST", path, "");
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    @SuppressWarnings("unchecked")
    Reply send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = null;
            String text = response.body();
            if (text.startsWith("{")) {
                json = GSON.fromJson(text, Map.class);
            }
            return new Reply(response.statusCode(), json, text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
