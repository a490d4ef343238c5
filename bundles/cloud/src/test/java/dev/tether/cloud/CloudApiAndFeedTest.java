package dev.tether.cloud;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.tether.cloud.config.ConfigLoader;
import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The down direction and the API in-process, with the project's schema and a bearer token: writes
 * through the API (validated) and straight into the database reach the devices' down/changes
 * topics; catch-up answers in pages; raw Paho clients play the devices.
 */
public class CloudApiAndFeedTest {

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final String TOKEN = "test-token-7";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static Path dataDir;
    private static CloudService service;

    @BeforeClass
    public static void startService() {
        dataDir = TEMP.getRoot().toPath().resolve("cloud");
        Properties properties = new Properties();
        properties.setProperty("broker.port", "0");
        properties.setProperty("http.port", "0");
        properties.setProperty("data.dir", dataDir.toString());
        properties.setProperty("schema.path", "../../config/schema.json");
        properties.setProperty("http.token", TOKEN);
        properties.setProperty("down.max.bytes", "1024");
        properties.setProperty("feed.interval.millis", "50");
        service = CloudService.start(new ConfigLoader(Map.of()).fromProperties(properties, "test"));
    }

    @AfterClass
    public static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    public void everyRequestNeedsTheBearerToken() throws Exception {
        assertEquals(401, send("GET", "/api/status", null, null).statusCode());
        HttpResponse<String> wrong = send("GET", "/api/status", null, "Bearer nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("wrong bearer token", JsonParser.parseString(wrong.body()).getAsJsonObject().get("error").getAsString());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertEquals(401, send("GET", "/metrics", null, null).statusCode());
        assertEquals(401, send("PUT", "/api/devices/gw-1/items/Setting", "{\"name\":\"a\"}", null).statusCode());
        assertEquals(200, call("GET", "/api/status", null).statusCode());
    }

    @Test
    public void writesAreCheckedAgainstTheSchemaAndAnsweredWithAFittingStatus() throws Exception {
        assertError(404, "unknown model 'Nope'", call("PUT", "/api/devices/gw-1/items/Nope", "{}"));
        assertError(400, "model Setting is device-scoped: write it under /api/devices/{device}/items/Setting",
                call("PUT", "/api/shared/items/Setting", "{\"name\":\"a\"}"));
        assertError(400, "model Firmware is shared by all devices: write it under /api/shared/items/Firmware",
                call("PUT", "/api/devices/gw-1/items/Firmware", "{\"version\":\"1\"}"));
        assertError(400, "model Diagnostic exists on devices only (enable: device)",
                call("PUT", "/api/devices/gw-1/items/Diagnostic", "{\"text\":\"x\"}"));
        assertError(400, "'deviceId' is 'gw-2' but the path names device 'gw-1': an item belongs to the device in its path",
                call("PUT", "/api/devices/gw-1/items/Setting", "{\"deviceId\":\"gw-2\",\"name\":\"a\"}"));
        HttpResponse<String> invalid = call("PUT", "/api/devices/gw-1/items/Setting", "{\"value\":\"x\"}");
        assertEquals(invalid.body(), 422, invalid.statusCode());
        assertTrue(invalid.body(), invalid.body().contains("name"));
        assertEquals(400, call("PUT", "/api/devices/gw-1/items/Setting", "not json").statusCode());
        assertEquals(400, call("PUT", "/api/devices/gw+1/items/Setting", "{\"name\":\"a\"}").statusCode());
        assertEquals(405, call("POST", "/api/devices/gw-1/items/Setting", "{}").statusCode());
        assertEquals(400, call("DELETE", "/api/devices/gw-1/items/Setting", null).statusCode());
        assertError(404, "no item Setting#gw-1 / Setting#never of model Setting in scope gw-1",
                call("DELETE", "/api/devices/gw-1/items/Setting?pk=Setting%23gw-1&sk=Setting%23never", null));
        assertTrue(service.store().list("gw-1", "Setting", 10).isEmpty());
    }

    @Test
    public void anItemPutThroughTheApiGoesDownToItsDeviceWithItsVersionAndTheCursorChain() throws Exception {
        try (DownListener device = new DownListener(service.brokerUri(), "gw-1")) {
            JsonObject first = json(call("PUT", "/api/devices/gw-1/items/Setting", "{\"name\":\"mode\",\"value\":\"eco\"}"), 200);
            long version = first.get("version").getAsLong();
            assertEquals("Setting#gw-1", first.getAsJsonObject("key").get("pk").getAsString());
            assertEquals("gw-1", first.getAsJsonObject("item").get("deviceId").getAsString());

            DownChanges message = device.awaitMessage("tether/gw-1/down/changes", down -> containsVersion(down, version));
            DownChange change = message.changes().get(0);
            assertEquals(new ItemKey("Setting#gw-1", "Setting#mode"), change.key());
            assertEquals(Op.PUT, change.op());
            assertEquals("eco", change.item().get("value"));
            assertEquals("cloud-api", change.origin());
            assertEquals(version, message.cursor().longValue());
            assertFalse(message.more());

            long second = json(call("PUT", "/api/devices/gw-1/items/Setting", "{\"name\":\"mode\",\"value\":\"boost\"}"), 200)
                    .get("version").getAsLong();
            DownChanges next = device.awaitMessage("tether/gw-1/down/changes", down -> containsVersion(down, second));
            assertEquals("the next message names the cursor of the one before", message.cursor(), next.previous());

            json(call("DELETE", "/api/devices/gw-1/items/Setting?pk=Setting%23gw-1&sk=Setting%23mode", null), 200);
            DownChanges deleted = device.awaitMessage("tether/gw-1/down/changes", down -> down.changes().stream()
                    .anyMatch(c -> c.op() == Op.DELETE));
            assertEquals(null, deleted.changes().get(0).item());
            assertEquals(404, call("GET", "/api/devices/gw-1/items/Setting?pk=Setting%23gw-1&sk=Setting%23mode", null).statusCode());
        }
    }

    @Test
    public void aSharedItemGoesToAllDevices() throws Exception {
        try (DownListener device = new DownListener(service.brokerUri(), "gw-2")) {
            long version = json(call("PUT", "/api/shared/items/Firmware", "{\"version\":\"2.0.0\",\"url\":\"https://fw/2.0.0\"}"), 200)
                    .get("version").getAsLong();

            DownChanges message = device.awaitMessage("tether/all/down/changes", down -> containsVersion(down, version));
            assertEquals("https://fw/2.0.0", message.changes().get(0).item().get("url"));
            assertEquals(1, json(call("GET", "/api/shared/items/Firmware", null), 200).getAsJsonArray("items").size());
        }
    }

    @Test
    public void aRowAnotherProgramWritesIntoTheDatabaseGoesDownToo() throws Exception {
        try (DownListener device = new DownListener(service.brokerUri(), "gw-5")) {
            // The same embedded database in the same JVM, as another program would open it (not closed: the service uses it).
            EmbeddedDerby sameDatabase = EmbeddedDerby.open(dataDir.resolve("db"));
            long version;
            try (Connection connection = sameDatabase.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement take = connection.prepareStatement(
                        "UPDATE tether_version_counter SET last_version = last_version + 1 WHERE id = 1")) {
                    take.executeUpdate();
                }
                try (PreparedStatement read = connection.prepareStatement("SELECT last_version FROM tether_version_counter WHERE id = 1");
                        var row = read.executeQuery()) {
                    row.next();
                    version = row.getLong(1);
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tether_items"
                        + " (scope, model, pk, sk, item, version, origin, hlc, deleted)"
                        + " VALUES ('gw-5', 'Setting', 'Setting#gw-5', 'Setting#limit', ?, ?, 'erp', ?, FALSE)")) {
                    insert.setString(1, "{\"deviceId\":\"gw-5\",\"name\":\"limit\",\"value\":\"7\"}");
                    insert.setLong(2, version);
                    insert.setString(3, new Hlc(System.currentTimeMillis(), 0).toString());
                    insert.executeUpdate();
                }
                connection.commit();
            }

            DownChanges message = device.awaitMessage("tether/gw-5/down/changes", down -> containsVersion(down, version));
            assertEquals("erp", message.changes().get(0).origin());
            assertEquals("7", message.changes().get(0).item().get("value"));
        }
    }

    @Test
    public void catchUpAnswersInPagesToTheResponseTopicWithTheCorrelationData() throws Exception {
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            versions.add(json(call("PUT", "/api/devices/gw-3/items/Setting",
                    "{\"name\":\"s" + i + "\",\"value\":\"" + "x".repeat(200) + "\"}"), 200).get("version").getAsLong());
        }
        try (DownListener device = new DownListener(service.brokerUri(), "gw-3")) {
            List<DownChanges> pages = device.catchUp(0, "catch-up-1");

            assertTrue("1 KB pages: " + pages.size(), pages.size() > 2);
            List<Long> received = new ArrayList<>();
            long previous = 0;
            for (int i = 0; i < pages.size(); i++) {
                DownChanges page = pages.get(i);
                assertEquals(previous, page.previous().longValue());
                assertEquals(i < pages.size() - 1, page.more());
                assertTrue(CODEC.encode(page).length <= 1024);
                page.changes().forEach(change -> received.add(change.version()));
                previous = page.cursor();
            }
            assertTrue(received + " contains " + versions, received.containsAll(versions));
            assertEquals(received.stream().sorted().toList(), received);

            List<DownChanges> upToDate = device.catchUp(previous, "catch-up-2");
            assertEquals(1, upToDate.size());
            assertTrue(upToDate.get(0).changes().isEmpty());
            assertFalse(upToDate.get(0).more());
        }
    }

    @Test
    public void aDevicesOwnWritesDoNotComeBackButCloudWritesDo() throws Exception {
        try (DownListener listener = new DownListener(service.brokerUri(), "gw-4");
                TestDevice device = new TestDevice(service.brokerUri(), "gw-4")) {
            device.publish(CODEC.encode(new ChangeBatch("b-own", List.of(new Change("Fault", new ItemKey("Fault#gw-4", "Fault#own"),
                    Op.PUT, Map.of("id", "own", "deviceId", "gw-4", "code", "E1"), null, new Hlc(1, 0).toString())))));
            device.awaitAck("b-own");
            long version = json(call("PUT", "/api/devices/gw-4/items/Fault", "{\"id\":\"cloud\",\"code\":\"E2\"}"), 200)
                    .get("version").getAsLong();

            DownChanges message = listener.awaitMessage("tether/gw-4/down/changes", down -> containsVersion(down, version));
            assertEquals(List.of("cloud-api"), message.changes().stream().map(DownChange::origin).toList());
            assertTrue(listener.messages("tether/gw-4/down/changes").stream()
                    .allMatch(down -> down.changes().stream().noneMatch(change -> change.origin().equals("gw-4"))));

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonObject devices = json(call("GET", "/api/devices", null), 200);
                return devices.getAsJsonArray("devices").asList().stream().map(element -> element.getAsJsonObject())
                        .anyMatch(d -> d.get("device").getAsString().equals("gw-4") && d.get("cursor").getAsLong() >= version
                                && d.get("pending").getAsLong() == 0);
            });
        }
    }

    @Test
    public void statusMetricsAndTheConflictLogAreServed() throws Exception {
        JsonObject status = json(call("GET", "/api/status", null), 200);
        assertTrue(status.toString(), status.getAsJsonObject("ingest").has("changesPerSecond"));
        assertTrue(status.toString(), status.getAsJsonObject("ingest").getAsJsonObject("applyLatency").has("averageMillis"));
        assertTrue(status.toString(), status.has("devicesLagging"));
        assertTrue(status.toString(), status.get("store").getAsString().startsWith("embedded Derby"));

        HttpResponse<String> metrics = call("GET", "/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        for (String line : List.of("tether_ingest_changes_total{status=\"rejected\"}", "tether_ingest_changes_total{status=\"conflict\"}",
                "tether_apply_seconds_total", "tether_ingest_changes_per_second", "tether_down_messages_total")) {
            assertTrue(line + " in\n" + metrics.body(), metrics.body().contains(line));
        }

        assertEquals("{\"conflicts\":[]}", call("GET", "/api/conflicts", null).body());
        assertEquals(400, call("GET", "/api/conflicts?limit=0", null).statusCode());
    }

    private static boolean containsVersion(DownChanges message, long version) {
        return message.changes().stream().anyMatch(change -> change.version() == version);
    }

    private static void assertError(int status, String message, HttpResponse<String> response) {
        assertEquals(response.body(), status, response.statusCode());
        assertEquals(message, JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString());
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(response.body(), status, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.httpBaseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
