package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tether.store.DeadLetter;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

import org.junit.Rule;
import org.junit.Test;

/** Dead letters through the API, on the real store's outbox. */
public class DeadLettersResourceTest {

    @Rule
    public final StoreFixture gateway = new StoreFixture();

    private final PageLimits limits = new PageLimits(50, 500);
    private final DeadLettersResource deadLetters = new DeadLettersResource(gateway);

    @Test
    @SuppressWarnings("unchecked")
    public void aDeadLetterIsListedWithItsReasonAndRetryPutsItBackIntoTheOutbox() {
        DeadLetter letter = setAside("E-REJECTED", "rejected by the cloud: 'deviceId' is 'gw-9'");

        Map<String, Object> page = ok(call("GET", "dead-letters", Map.of()));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) page.get("items");
        assertEquals(1, listed.size());
        Map<String, Object> shown = listed.get(0);
        assertEquals(letter.id(), shown.get("id"));
        assertEquals("Fault", shown.get("model"));
        assertEquals(Map.of("pk", "Fault#gw-1", "sk", "Fault#E-REJECTED"), shown.get("key"));
        assertEquals("put", shown.get("op"));
        assertEquals("rejected by the cloud: 'deviceId' is 'gw-9'", shown.get("reason"));
        assertEquals(letter.at().toString(), shown.get("at"));
        assertNull(page.get("next"));
        assertEquals(0, outbox().depth());

        ok(call("POST", "dead-letters/" + letter.id() + "/retry", Map.of()));

        assertEquals(0, outbox().deadLetters().count());
        List<PendingChange> pending = outbox().pending(10, Set.of());
        assertEquals(1, pending.size());
        assertEquals("E-REJECTED", pending.get(0).item().get("id"));
        assertEquals(404, call("POST", "dead-letters/" + letter.id() + "/retry", Map.of()).status());
    }

    @Test
    public void discardForgetsTheDeadLetterAndLeavesTheItemOnTheDevice() {
        DeadLetter first = setAside("E-1", "too large");
        DeadLetter second = setAside("E-2", "too large");

        ok(call("POST", "dead-letters/" + first.id() + "/discard", Map.of()));
        ok(call("DELETE", "dead-letters/" + second.id(), Map.of()));

        assertEquals(0, outbox().deadLetters().count());
        assertEquals(0, outbox().depth());
        assertTrue(gateway.localStore().get("Fault", Map.of("deviceId", "gw-1", "id", "E-1")).isPresent());
        assertEquals(404, call("DELETE", "dead-letters/" + first.id(), Map.of()).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void deadLettersArePagedOldestFirst() {
        DeadLetter first = setAside("E-1", "one");
        DeadLetter second = setAside("E-2", "two");
        DeadLetter third = setAside("E-3", "three");

        Map<String, Object> firstPage = ok(call("GET", "dead-letters", Map.of("limit", "2")));
        assertEquals(List.of(first.id(), second.id()),
                ((List<Map<String, Object>>) firstPage.get("items")).stream().map(letter -> letter.get("id")).toList());
        assertEquals("2", firstPage.get("next"));
        Map<String, Object> lastPage = ok(call("GET", "dead-letters", Map.of("limit", "2", "after", "2")));
        assertEquals(List.of(third.id()),
                ((List<Map<String, Object>>) lastPage.get("items")).stream().map(letter -> letter.get("id")).toList());
        assertNull(lastPage.get("next"));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theStatusCountsDeadLettersAndShowsTheCursorsOfTheSyncState() {
        setAside("E-1", "one");
        gateway.localStore().inbound().updateSyncState(Map.of("down.cursor.device", "9", "hlc.last", "h-7"));

        Map<String, Object> sync = (Map<String, Object>) new StatusReport(gateway, new EngineControls())
                .build(2000).get("sync");

        assertEquals(Map.of("available", true, "value", 1L), sync.get("deadLetters"));
        Map<String, Object> cursors = (Map<String, Object>) ((Map<String, Object>) sync.get("cursors")).get("value");
        assertEquals(9L, cursors.get("downDevice"));
        assertEquals(0L, cursors.get("downShared"));
        assertEquals("h-7", cursors.get("lastHlc"));
        assertEquals(false, ((Map<String, Object>) sync.get("oldestPendingAgeMillis")).get("available"));
    }

    @Test
    public void aBadIdOrMethodIsRefused() {
        assertEquals(400, call("POST", "dead-letters/seven/retry", Map.of()).status());
        assertEquals(405, call("PUT", "dead-letters/1", Map.of()).status());
        assertEquals(405, call("POST", "dead-letters", Map.of()).status());
    }

    /** Writes a Fault and sets its pending change aside, as the engine does with a rejected change. */
    private DeadLetter setAside(String id, String reason) {
        gateway.localStore().put("Fault", Map.of("deviceId", "gw-1", "id", id));
        PendingChange change = outbox().pending(10, Set.of()).stream()
                .filter(pending -> id.equals(pending.item().get("id"))).findFirst().orElseThrow();
        return outbox().deadLetter(change, reason);
    }

    private Outbox outbox() {
        return gateway.localStore().outbox();
    }

    private ApiResponse call(String method, String path, Map<String, String> query) {
        return deadLetters.handle(ApiRequest.of(method, path, query, ""), limits);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(ApiResponse response) {
        assertEquals(String.valueOf(response.body()), 200, response.status());
        return (Map<String, Object>) response.body();
    }
}
