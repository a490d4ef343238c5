package dev.tether.itests.console;

import static dev.tether.itests.console.Expect.assertContains;
import static dev.tether.itests.console.Expect.assertLacks;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.SampleSchema;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.store.Query;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The gateway HTTP API ({@code /tether/api}) in the assembled gateway, over real HTTP from Jetty
 * on a loopback port, with a real store, engine, broker and cloud.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleHttpApiIT {

    private static final String DEVICE = "console-http-4";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configure() throws IOException {
        return ConsoleGateway.options(DEVICE, "console-http");
    }

    private GatewayHttp http() {
        GatewayHttp http = new GatewayHttp(Integer.getInteger(ConsoleGateway.HTTP_PORT_PROPERTY));
        await("the HTTP API answers").atMost(WAIT).ignoreExceptions().until(() -> http.get("/tether/api/status").status() == 200);
        return http;
    }

    @Test
    @SuppressWarnings("unchecked")
    public void statusShowsDeviceSchemaOutboxAndModelsWithTheirDirection() {
        GatewayHttp.Reply reply = http().get("/tether/api/status");

        assertEquals(200, reply.status());
        Map<String, Object> connection = (Map<String, Object>) reply.json().get("connection");
        assertEquals(DEVICE, connection.get("deviceId"));
        assertEquals(SampleSchema.version(), connection.get("schemaVersion"));
        assertContains(String.valueOf(connection.get("broker")), "tcp://127.0.0.1:");
        Map<String, Object> syncSection = (Map<String, Object>) reply.json().get("sync");
        assertNotNull(syncSection.get("outboxDepth"));
        for (String counter : List.of("changesDuplicate", "changesRejected", "conflictsSettled", "cloudChangesApplied",
                "cloudChangesRefused")) {
            assertTrue(counter + " in " + syncSection, syncSection.get(counter) instanceof Number);
        }
        Map<String, Object> cursors = (Map<String, Object>) syncSection.get("cursors");
        assertEquals(cursors.toString(), true, cursors.get("available"));
        assertTrue(cursors.toString(), ((Map<String, Object>) cursors.get("value")).containsKey("downDevice"));
        assertEquals(true, ((Map<String, Object>) syncSection.get("deadLetters")).get("available"));
        Map<String, Object> oldestPending = (Map<String, Object>) syncSection.get("oldestPendingAgeMillis");
        assertEquals(oldestPending.toString(), true, oldestPending.get("available"));
        assertTrue(oldestPending.toString(), ((Number) oldestPending.get("value")).longValue() >= 0);
        await("the last catch-up or resync shows as done").atMost(WAIT).until(() -> {
            Map<String, Object> progress = (Map<String, Object>) ((Map<String, Object>) http().get("/tether/api/status").json()
                    .get("sync")).get("resyncProgress");
            Map<String, Object> value = (Map<String, Object>) progress.get("value");
            return Boolean.TRUE.equals(progress.get("available")) && value != null
                    && List.of("catch-up", "full-resync").contains(value.get("kind"))
                    && Boolean.FALSE.equals(value.get("running")) && value.get("finishedAt") != null
                    && ((Number) value.get("pagesDone")).intValue() >= 1;
        });
        List<Map<String, Object>> models = (List<Map<String, Object>>) reply.json().get("models");
        Map<String, Object> reading = models.stream().filter(model -> model.get("name").equals("Reading")).findFirst().orElseThrow();
        assertEquals("up", reading.get("sync"));
        assertEquals(List.of("pk", "sk"), reading.get("keyAttributes"));
        assertEquals(List.of("deviceId", "id"), reading.get("keyFields"));
        assertTrue(models.stream().anyMatch(model -> model.get("name").equals("Setting") && model.get("sync").equals("down")));
        assertTrue("a cloud-only model has no place on the device",
                models.stream().noneMatch(model -> model.get("name").equals("Fleet")));
    }

    @Test
    public void anItemPutOverHttpCanBeReadByKeyReachesTheCloudAndCanBeDeleted() {
        GatewayHttp http = http();
        GatewayHttp.Reply put = http.put("/tether/api/items/Fault", Map.of("deviceId", DEVICE, "code", "E-HTTP-1"));
        assertEquals(put.text(), 200, put.status());
        String id = (String) put.json().get("id");
        String pk = (String) put.json().get("pk");
        String sk = (String) put.json().get("sk");

        GatewayHttp.Reply byFields = http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=" + id);
        assertEquals(byFields.text(), 200, byFields.status());
        assertContains(byFields.text(), "E-HTTP-1");
        GatewayHttp.Reply byKey = http.get("/tether/api/items/Fault?pk=" + encode(pk) + "&sk=" + encode(sk));
        assertEquals(byFields.json(), byKey.json());

        CloudApi cloud = TestSystem.cloudApi();
        assertEquals(202, http.post("/tether/api/sync").status());
        await("the item in the cloud").atMost(WAIT).until(() -> cloud.item(DEVICE, "Fault", pk, sk).isPresent());

        GatewayHttp.Reply deleted = http.delete("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=" + id);
        assertEquals(deleted.text(), 200, deleted.status());
        assertEquals(404, http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=" + id).status());
        assertEquals(404, http.delete("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=" + id).status());
        assertTrue(store.get("Fault", Map.of("pk", pk, "sk", sk)).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void badRequestsGetJsonErrorsWithFittingStatuses() {
        GatewayHttp http = http();

        GatewayHttp.Reply invalid = http.put("/tether/api/items/Reading", Map.of("unit", "Cel"));
        assertEquals(400, invalid.status());
        List<String> violations = (List<String>) invalid.json().get("violations");
        assertTrue("every violation, not only the first: " + violations, violations.size() >= 3);

        assertEquals(400, http.put("/tether/api/items/Reading", "{not json").status());
        assertEquals(400, http.delete("/tether/api/items/Fault?deviceId=" + DEVICE).status());
        assertEquals(404, http.get("/tether/api/items/NoSuchModel?pk=a").status());
        assertEquals(404, http.get("/tether/api/items/Fleet?name=x").status());
        GatewayHttp.Reply downOnly = http.put("/tether/api/items/Setting", Map.of("deviceId", DEVICE, "name", "mode"));
        assertEquals(409, downOnly.status());
        assertContains((String) downOnly.json().get("error"), "down");
        assertEquals(405, http.post("/tether/api/status").status());
        assertEquals(404, http.get("/tether/api/nothing-here").status());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theEngineIsPausedResumedAndResyncedAndItsConflictLogListed() {
        GatewayHttp http = http();
        assertEquals(200, http.get("/tether/api/conflicts").status());
        GatewayHttp.Reply paused = http.post("/tether/api/pause");
        assertEquals(200, paused.status());
        await("paused in the status").atMost(WAIT).until(() -> Boolean.TRUE.equals(paused(http)));
        store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-WAITING"));
        await("the held-back change ages in the status").atMost(WAIT)
                .until(() -> syncValue(http, "oldestPendingAgeMillis") instanceof Number age && age.longValue() >= 300);
        assertEquals(200, http.post("/tether/api/resume").status());
        await("resumed in the status").atMost(WAIT).until(() -> Boolean.FALSE.equals(paused(http)));
        await("no pending change, no age").atMost(WAIT)
                .until(() -> syncValue(http, "oldestPendingAgeMillis") instanceof Number age && age.longValue() == 0);
        assertEquals(200, http.post("/tether/api/resync").status());
        await("the full resync shows as done with its pages").atMost(WAIT).until(() -> {
            Map<String, Object> progress = (Map<String, Object>) syncValue(http, "resyncProgress");
            return progress != null && "full-resync".equals(progress.get("kind")) && progress.get("finishedAt") != null
                    && ((Number) progress.get("pagesDone")).intValue() >= 1;
        });
    }

    private static Object paused(GatewayHttp http) {
        return syncValue(http, "paused");
    }

    @SuppressWarnings("unchecked")
    private static Object syncValue(GatewayHttp http, String feature) {
        Map<String, Object> sync = (Map<String, Object>) http.get("/tether/api/status").json().get("sync");
        return ((Map<String, Object>) sync.get(feature)).get("value");
    }

    @Test
    @SuppressWarnings("unchecked")
    public void itemsAreListedInKeyOrderPageByPageAndCountedPerModel() {
        GatewayHttp http = http();
        for (String id : List.of("LIST-3", "LIST-1", "LIST-5", "LIST-2", "LIST-4")) {
            assertEquals(200, http.put("/tether/api/items/Fault", Map.of("deviceId", DEVICE, "id", id, "code", "E-" + id)).status());
        }

        List<Object> ids = new java.util.ArrayList<>();
        List<Integer> pageSizes = new java.util.ArrayList<>();
        String after = null;
        do {
            GatewayHttp.Reply page = http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&prefix=" + encode("Fault#LIST-")
                    + "&limit=2" + (after == null ? "" : "&after=" + encode(after)));
            assertEquals(page.text(), 200, page.status());
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.json().get("items");
            items.forEach(item -> ids.add(item.get("id")));
            pageSizes.add(items.size());
            after = (String) page.json().get("next");
        } while (after != null);
        assertEquals(List.of("LIST-1", "LIST-2", "LIST-3", "LIST-4", "LIST-5"), ids);
        assertEquals(List.of(2, 2, 1), pageSizes);

        assertEquals(400, http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&code=E-LIST-1").status());
        List<Map<String, Object>> models = (List<Map<String, Object>>) http.get("/tether/api/status").json().get("models");
        Map<String, Object> faultCount = (Map<String, Object>) models.stream()
                .filter(model -> model.get("name").equals("Fault")).findFirst().orElseThrow().get("count");
        assertEquals(true, faultCount.get("available"));
        assertEquals(store.count(Query.of("Fault")), ((Number) faultCount.get("value")).longValue());
        assertTrue(faultCount.toString(), ((Number) faultCount.get("value")).longValue() >= 5);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aChangeTheCloudRejectsBecomesADeadLetterThatCanBeRetriedAndDiscarded() {
        GatewayHttp http = http();
        GatewayHttp.Reply put = http.put("/tether/api/items/Fault",
                Map.of("deviceId", "another-device", "id", "DEAD-1", "code", "E-NOT-MINE"));
        assertEquals(put.text(), 200, put.status());
        http.post("/tether/api/sync");

        Map<String, Object> letter = await("the cloud's rejection set aside as a dead letter").atMost(WAIT)
                .until(() -> deadLetterOf("DEAD-1", http), found -> found != null);
        assertContains(String.valueOf(letter.get("reason")), "a device may write only its own items");
        assertEquals(Map.of("pk", "Fault#another-device", "sk", "Fault#DEAD-1"), letter.get("key"));
        long firstId = ((Number) letter.get("id")).longValue();

        GatewayHttp.Reply retried = http.post("/tether/api/dead-letters/" + firstId + "/retry");
        assertEquals(retried.text(), 200, retried.status());
        assertContains((String) retried.json().get("message"), "back in the outbox");
        assertEquals("retried once only", 404, http.post("/tether/api/dead-letters/" + firstId + "/retry").status());
        Map<String, Object> again = await("the retried change sent again and rejected again").atMost(WAIT)
                .until(() -> deadLetterOf("DEAD-1", http), found -> found != null && ((Number) found.get("id")).longValue() != firstId);

        long secondId = ((Number) again.get("id")).longValue();
        GatewayHttp.Reply discarded = http.post("/tether/api/dead-letters/" + secondId + "/discard");
        assertEquals(discarded.text(), 200, discarded.status());
        assertEquals(null, deadLetterOf("DEAD-1", http));
        assertEquals(404, http.delete("/tether/api/dead-letters/" + secondId).status());
        assertTrue("the item stays on the device",
                store.get("Fault", Map.of("deviceId", "another-device", "id", "DEAD-1")).isPresent());
    }

    /** The dead letter of the Fault with this id, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> deadLetterOf(String id, GatewayHttp http) {
        GatewayHttp.Reply list = http.get("/tether/api/dead-letters?limit=500");
        assertEquals(list.text(), 200, list.status());
        return ((List<Map<String, Object>>) list.json().get("items")).stream()
                .filter(letter -> ("Fault#" + id).equals(((Map<String, Object>) letter.get("key")).get("sk")))
                .findFirst().orElse(null);
    }

    @Test
    public void withoutTheLocalStoreItemRequestsAnswer503() throws Exception {
        GatewayHttp http = http();
        Bundle storeBundle = bundle("tether-store-derby");
        storeBundle.stop();
        try {
            GatewayHttp.Reply reply = http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=x");
            assertEquals(reply.text(), 503, reply.status());
        } finally {
            storeBundle.start();
        }
        await("store back").atMost(WAIT).until(() -> http.get("/tether/api/items/Fault?deviceId=" + DEVICE + "&id=x").status() == 404);
    }

    @Test
    public void aBrowserRequestFromAnotherOriginOrWithoutTheCsrfHeaderIsRefused() {
        GatewayHttp http = http();
        int port = Integer.getInteger(ConsoleGateway.HTTP_PORT_PROPERTY);
        Map<String, Object> fault = Map.of("deviceId", DEVICE, "code", "E-CSRF");

        GatewayHttp.Reply foreign = http.withHeader("Origin", "http://evil.example").withHeader("X-Tether-Request", "x")
                .put("/tether/api/items/Fault", fault);
        assertEquals(403, foreign.status());
        GatewayHttp sameOrigin = http.withHeader("Origin", "http://127.0.0.1:" + port);
        assertEquals(403, sameOrigin.put("/tether/api/items/Fault", fault).status());
        assertEquals(403, sameOrigin.post("/tether/api/sync").status());
        assertEquals("reading needs no header", 200, sameOrigin.get("/tether/api/status").status());
        assertEquals(200, sameOrigin.withHeader("X-Tether-Request", "console").put("/tether/api/items/Fault", fault).status());
    }

    @Test
    public void whenConfiguredToAlwaysAuthenticateOnlyTheWebConsoleUserGetsIn() throws Exception {
        GatewayHttp http = http();
        org.osgi.service.cm.Configuration webConsole = configurationAdmin.getConfiguration(
                "org.apache.felix.webconsole.internal.servlet.OsgiManager", "?");
        assertContains("a password was generated on first start", String.valueOf(webConsole.getProperties().get("password")),
                "{sha-256}");
        Dictionary<String, Object> login = webConsole.getProperties();
        login.put("password", "{sha-256}" + "0a1b2c3d4e5f6a7b-1000-" + hash("0a1b2c3d4e5f6a7b", "itest-secret", 1000));
        webConsole.update(login);
        org.osgi.service.cm.Configuration console = configurationAdmin.getConfiguration("dev.tether.console", "?");
        Dictionary<String, Object> original = console.getProperties();
        Dictionary<String, Object> always = copy(original);
        always.put("authentication", "always");
        console.update(always);
        try {
            await("login required without a restart").atMost(WAIT).until(() -> http.get("/tether/api/status").status() == 401);
            assertEquals(401, http.withLogin("admin", "wrong").get("/tether/api/status").status());
            assertEquals(200, http.withLogin("admin", "itest-secret").get("/tether/api/status").status());
        } finally {
            console.update(original);
        }
        await("open again on loopback").atMost(WAIT).until(() -> http.get("/tether/api/status").status() == 200);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (String key : java.util.Collections.list(properties.keys())) {
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    /** The Web Console's salted, iterated SHA-256 form, computed independently of the console bundle. */
    private static String hash(String salt, String password, int iterations) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        byte[] bytes = (salt + password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < iterations; i++) {
            bytes = digest.digest(bytes);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
