package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code tether:*} Gogo shell commands. Each answers with text; errors say what was wrong. */
@Component(service = TetherCommands.class, property = {
        "osgi.command.scope=tether",
        "osgi.command.function=status", "osgi.command.function=sync", "osgi.command.function=resync",
        "osgi.command.function=get", "osgi.command.function=put", "osgi.command.function=delete",
        "osgi.command.function=find", "osgi.command.function=conflicts", "osgi.command.function=deadletters"})
public class TetherCommands {

    private final ConsoleApi api;

    @Activate
    public TetherCommands(@Reference ConsoleApi api) {
        this.api = api;
    }

    @Descriptor("shows connection, broker, device, schema version, outbox and acknowledgements")
    public String status() {
        ApiResponse response = call("GET", "status", Map.of(), "");
        if (!response.successful()) {
            return render(response);
        }
        return new StatusText(api.json()).render(castMap(response.body()));
    }

    @Descriptor("sends the outbox now instead of waiting for the next poll")
    public String sync() {
        return render(call("POST", "sync", Map.of(), ""));
    }

    @Descriptor("starts a full resync of this device's items from the cloud")
    public String resync() {
        return render(call("POST", "resync", Map.of(), ""));
    }

    @Descriptor("shows one item by its key, e.g. tether:get Reading deviceId=gw-1 id=01J…  or  pk=… sk=…")
    public String get(@Descriptor("model name") String model,
            @Descriptor("key fields as name=value") String... keyFields) {
        return render(call("GET", "items/" + model, parse(keyFields), ""));
    }

    @Descriptor("creates or replaces an item, e.g. tether:put Fault '{\"deviceId\":\"gw-1\",\"code\":\"E1\"}'")
    public String put(@Descriptor("model name") String model, @Descriptor("the item as a JSON object") String itemJson) {
        return render(call("PUT", "items/" + model, Map.of(), itemJson));
    }

    @Descriptor("removes an item by its key, e.g. tether:delete Fault deviceId=gw-1 id=01J…")
    public String delete(@Descriptor("model name") String model,
            @Descriptor("key fields as name=value") String... keyFields) {
        return render(call("DELETE", "items/" + model, parse(keyFields), ""));
    }

    @Descriptor("lists items of a model: key fields, prefix=<sort key prefix>, limit=<n>, after=<page token>")
    public String find(@Descriptor("model name") String model,
            @Descriptor("name=value filters: key fields, prefix, limit, after") String... filters) {
        return render(call("GET", "items/" + model, parse(filters), ""));
    }

    @Descriptor("lists recorded conflicts, newest first")
    public String conflicts(@Descriptor("limit=<n>, after=<offset>") String... paging) {
        return render(call("GET", "conflicts", parse(paging), ""));
    }

    @Descriptor("lists dead letters (changes set aside with the reason), oldest first; or: deadletters retry <id> | deadletters discard <id>")
    public String deadletters(@Descriptor("nothing, limit=/after=, or retry|discard followed by an id") String... arguments) {
        if (arguments.length == 2 && List.of("retry", "discard").contains(arguments[0])) {
            return render(call("POST", "dead-letters/" + arguments[1] + "/" + arguments[0], Map.of(), ""));
        }
        return render(call("GET", "dead-letters", parse(arguments), ""));
    }

    private ApiResponse call(String method, String path, Map<String, String> query, String body) {
        return api.handle(ApiRequest.of(method, path, query, body));
    }

    private String render(ApiResponse response) {
        if (response.status() == 501) {
            return "not available yet: " + castMap(response.body()).get("error");
        }
        if (!response.successful()) {
            Map<String, Object> error = castMap(response.body());
            StringBuilder text = new StringBuilder("error ").append(response.status()).append(": ").append(error.get("error"));
            if (error.get("violations") instanceof List<?> violations) {
                violations.forEach(violation -> text.append(System.lineSeparator()).append("  - ").append(violation));
            }
            return text.toString();
        }
        return api.json().writePretty(response.body());
    }

    /** name=value words into a map; a word without '=' is refused with a clear message. */
    private static Map<String, String> parse(String... words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected name=value, got '" + word + "'");
            }
            values.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object body) {
        return body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
