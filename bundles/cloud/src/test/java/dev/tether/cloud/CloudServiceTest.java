package dev.tether.cloud;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.tether.cloud.config.CloudConfig;
import dev.tether.cloud.config.ConfigLoader;
import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.Ack;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The whole service in-process: embedded HiveMQ, Derby, HTTP; a raw Paho client as the device. */
public class CloudServiceTest {

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CloudService service;
    private static TestDevice device;
    private static int nextHlc = 1;

    @BeforeClass
    public static void startService() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("broker.port", "0");
        properties.setProperty("http.port", "0");
        properties.setProperty("data.dir", TEMP.getRoot().toPath().resolve("cloud").toString());
        CloudConfig config = new ConfigLoader(Map.of()).fromProperties(properties, "test");
        service = CloudService.start(config);
        device = new TestDevice(service.brokerUri(), "dev-1");
    }

    @AfterClass
    public static void stopService() throws Exception {
        if (device != null) {
            device.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    public void theReadyLineNamesTheRealPorts() {
        String line = service.readyLine();

        assertTrue(line, line.matches("Tether cloud ready: broker tcp://127\\.0\\.0\\.1:\\d+, HTTP http://127\\.0\\.0\\.1:\\d+/api/status"));
        assertFalse(line, line.contains(":0,") || line.contains(":0/"));
    }

    @Test
    public void aBatchIsAppliedAckedAndVisibleOverHttpAndInTheStore() throws Exception {
        ItemKey key = new ItemKey("Fault#dev-1", "Fault#0001");
        Map<String, Object> item = Map.of("code", 42L, "ratio", 0.5, "text", "overheat ✓", "active", true);
        String hlc = hlc();

        device.publish(CODEC.encode(new ChangeBatch("b-apply", List.of(new Change("Fault", key, Op.PUT, item, null, hlc)))));
        Ack ack = device.awaitAck("b-apply");

        assertEquals(AckStatus.APPLIED, ack.results().get(0).status());
        long version = ack.results().get(0).version();
        assertTrue(version > 0);
        assertNotNull("acks carry a message expiry", device.ackMessage("b-apply").orElseThrow().getProperties().getMessageExpiryInterval());

        CloudItem stored = service.store().get("dev-1", "Fault", key).orElseThrow();
        assertEquals(item, stored.item());
        assertEquals(version, stored.version());
        assertEquals("dev-1", stored.origin());

        JsonObject one = getJson("/api/devices/dev-1/items/Fault?pk=Fault%23dev-1&sk=Fault%230001", 200);
        assertEquals(42, one.getAsJsonObject("item").get("code").getAsLong());
        assertEquals("overheat ✓", one.getAsJsonObject("item").get("text").getAsString());
        assertEquals(version, one.get("version").getAsLong());
        assertEquals("dev-1", one.get("origin").getAsString());
        assertEquals(hlc, one.get("hlc").getAsString());
        assertEquals("Fault#0001", one.getAsJsonObject("key").get("sk").getAsString());

        JsonObject list = getJson("/api/devices/dev-1/items/Fault", 200);
        assertTrue(list.toString(), keysOf(list).contains("Fault#dev-1"));
    }

    @Test
    public void resendingTheSameBatchGivesDuplicate() throws Exception {
        byte[] payload = CODEC.encode(new ChangeBatch("b-dup", List.of(
                new Change("Setting", ItemKey.of("Setting#rate"), Op.PUT, Map.of("value", 5L), null, hlc()))));
        device.publish(payload);
        Ack first = device.awaitAck("b-dup");
        long duplicatesBefore = service.counters().duplicates();

        device.publish(payload);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.counters().duplicates() > duplicatesBefore);
        Ack second = device.awaitAck("b-dup");

        assertEquals(AckStatus.APPLIED, first.results().get(0).status());
        assertEquals(AckStatus.DUPLICATE, second.results().get(0).status());
        assertEquals(first.results().get(0).version(), second.results().get(0).version());
    }

    @Test
    public void aMalformedMessageIsCountedAndTheNextBatchStillApplied() throws Exception {
        long malformedBefore = service.counters().malformed();

        device.publish("{ this is not a batch".getBytes(StandardCharsets.UTF_8));
        device.publish(CODEC.encode(new ChangeBatch("b-after-garbage", List.of(
                new Change("Fault", ItemKey.of("Fault#after"), Op.PUT, Map.of("code", 1L), null, hlc())))));
        Ack ack = device.awaitAck("b-after-garbage");

        assertEquals(AckStatus.APPLIED, ack.results().get(0).status());
        assertEquals(malformedBefore + 1, service.counters().malformed());
        assertEquals(malformedBefore + 1, getJson("/api/status", 200).getAsJsonObject("counters").get("malformed").getAsLong());
    }

    @Test
    public void batchesOfOneDeviceAreHandledInArrivalOrder() throws Exception {
        ItemKey key = ItemKey.of("Reading#ordered");
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String batch = "b-order-" + i;
            batches.add(batch);
            device.publish(CODEC.encode(new ChangeBatch(batch, List.of(
                    new Change("Reading", key, Op.PUT, Map.of("n", (long) i), null, hlc())))));
        }
        long previousVersion = 0;
        for (String batch : batches) {
            long version = device.awaitAck(batch).results().get(0).version();
            assertTrue(batch + " got version " + version + " after " + previousVersion, version > previousVersion);
            previousVersion = version;
        }

        List<String> ackOrder = device.ackOrder();
        assertEquals(batches, ackOrder.subList(ackOrder.indexOf("b-order-0"), ackOrder.indexOf("b-order-19") + 1));
        assertEquals(19L, service.store().get("dev-1", "Reading", key).orElseThrow().item().get("n"));
    }

    @Test
    public void statusReportsBrokerConnectionAndCounters() throws Exception {
        JsonObject status = getJson("/api/status", 200);

        assertEquals("tether-cloud", status.get("service").getAsString());
        assertEquals(service.version(), status.get("version").getAsString());
        assertFalse(service.version().isBlank() || service.version().contains("${"));
        assertEquals(service.brokerUri(), status.get("broker").getAsString());
        assertTrue(status.get("connected").getAsBoolean());
        JsonObject counters = status.getAsJsonObject("counters");
        for (String counter : List.of("batches", "changesApplied", "duplicates", "rejected", "malformed", "storeFailures", "ackFailures")) {
            assertTrue(counter + " in " + counters, counters.has(counter));
        }
    }

    @Test
    public void devicesAreListed() throws Exception {
        device.publish(CODEC.encode(new ChangeBatch("b-devices", List.of(
                new Change("Fault", ItemKey.of("Fault#listed"), Op.PUT, Map.of(), null, hlc())))));
        device.awaitAck("b-devices");

        JsonObject devices = getJson("/api/devices", 200);

        JsonObject first = devices.getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals("dev-1", first.get("device").getAsString());
        assertTrue(first.get("changesApplied").getAsLong() >= 1);
        assertTrue(first.get("lastSeen").getAsString().endsWith("Z"));
    }

    @Test
    public void httpErrorsAreJsonWithFittingStatus() throws Exception {
        assertTrue(getJson("/api/devices/dev-1/items/Fault?pk=nothing-here", 404).get("error").getAsString().startsWith("no item nothing-here"));
        assertTrue(getJson("/api/nowhere", 404).get("error").getAsString().startsWith("no such endpoint"));
        assertTrue(getJson("/api/devices/dev-1/items/Fault?limit=0", 400).get("error").getAsString().startsWith("'limit' must be"));
        assertTrue(getJson("/api/devices/dev-1/items/Fault?sk=x", 400).get("error").getAsString().contains("'sk' needs 'pk'"));
        assertTrue(getJson("/api/devices/dev-1/items/Fault?pkk=x", 400).get("error").getAsString().startsWith("unknown query parameter 'pkk'"));
        assertTrue(getJson("/api/devices/all/items/Fault", 400).get("error").getAsString().startsWith("invalid device id 'all'"));

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/api/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        assertTrue(JsonParser.parseString(post.body()).getAsJsonObject().has("error"));
    }

    @Test
    public void aDeletedItemIsGoneFromListAndSingleGet() throws Exception {
        ItemKey key = ItemKey.of("Fault#deleted");
        device.publish(CODEC.encode(new ChangeBatch("b-put-then-delete", List.of(
                new Change("Fault", key, Op.PUT, Map.of("code", 3L), null, hlc())))));
        device.awaitAck("b-put-then-delete");
        device.publish(CODEC.encode(new ChangeBatch("b-delete", List.of(new Change("Fault", key, Op.DELETE, null, null, hlc())))));
        long version = device.awaitAck("b-delete").results().get(0).version();

        assertTrue(getJson("/api/devices/dev-1/items/Fault?pk=Fault%23deleted", 404).get("error").getAsString()
                .endsWith("was deleted (version " + version + ")"));
        assertFalse(keysOf(getJson("/api/devices/dev-1/items/Fault?limit=1000", 200)).contains("Fault#deleted"));
    }

    private static List<String> keysOf(JsonObject list) {
        List<String> keys = new ArrayList<>();
        for (JsonElement item : list.getAsJsonArray("items")) {
            keys.add(item.getAsJsonObject().getAsJsonObject("key").get("pk").getAsString());
        }
        return keys;
    }

    private static JsonObject getJson(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(path + " -> " + response.body(), expectedStatus, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static URI uri(String path) {
        return URI.create(service.httpBaseUri() + path);
    }

    private static synchronized String hlc() {
        return new Hlc(System.currentTimeMillis(), nextHlc++).toString();
    }
}
