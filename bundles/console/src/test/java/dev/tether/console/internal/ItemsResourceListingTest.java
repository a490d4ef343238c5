package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** Listing and counting items through the API, on the real store. */
public class ItemsResourceListingTest {

    @Rule
    public final StoreFixture gateway = new StoreFixture();

    private final PageLimits limits = new PageLimits(50, 500);
    private ItemsResource items;

    @Before
    public void fiveFaultsOfOneDeviceAndTwoOfAnother() {
        items = new ItemsResource(gateway, new JsonCodec());
        for (String id : List.of("A3", "A1", "B2", "A2", "B1")) {
            gateway.localStore().put("Fault", Map.of("deviceId", "gw-1", "id", id, "code", "E" + id));
        }
        gateway.localStore().put("Fault", Map.of("deviceId", "gw-2", "id", "A1", "code", "X"));
        gateway.localStore().put("Fault", Map.of("deviceId", "gw-2", "id", "A2", "code", "Y"));
    }

    @Test
    public void aPartitionIsListedInKeyOrderPageByPageWithTheStoresCursor() {
        List<String> ids = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = null;
        do {
            Map<String, String> query = new HashMap<>(Map.of("deviceId", "gw-1", "limit", "2"));
            if (after != null) {
                query.put("after", after);
            }
            Map<String, Object> page = ok(get(query));
            List<Map<String, Object>> found = items(page);
            found.forEach(item -> ids.add((String) item.get("id")));
            pageSizes.add(found.size());
            after = (String) page.get("next");
        } while (after != null);

        assertEquals(List.of("A1", "A2", "A3", "B1", "B2"), ids);
        assertEquals(List.of(2, 2, 1), pageSizes);
    }

    @Test
    public void theSortKeyPrefixNarrowsTheListingAndNoFieldsListEveryItem() {
        Map<String, Object> prefixed = ok(get(Map.of("deviceId", "gw-1", "prefix", "Fault#B")));
        assertEquals(List.of("B1", "B2"), items(prefixed).stream().map(item -> item.get("id")).toList());
        assertNull(prefixed.get("next"));

        Map<String, Object> byId = ok(get(Map.of("id", "A1")));
        assertEquals(List.of("gw-1", "gw-2"), items(byId).stream().map(item -> item.get("deviceId")).toList());

        Map<String, Object> everything = ok(get(Map.of("limit", "6")));
        assertEquals(6, items(everything).size());
        assertNotNull("a seventh item follows", everything.get("next"));
    }

    @Test
    public void aNonKeyFieldOrAForeignCursorIsRefusedWith400() {
        ApiResponse nonKey = get(Map.of("deviceId", "gw-1", "code", "EA1"));
        assertEquals(400, nonKey.status());

        ApiResponse foreignCursor = get(Map.of("deviceId", "gw-1", "after", "not-a-cursor"));
        assertEquals(400, foreignCursor.status());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theStatusCountsTheItemsOfEveryModel() {
        Map<String, Object> status = new StatusReport(gateway, new EngineControls()).build(2000);

        Map<String, Map<String, Object>> counts = new HashMap<>();
        for (Map<String, Object> model : (List<Map<String, Object>>) status.get("models")) {
            counts.put((String) model.get("name"), (Map<String, Object>) model.get("count"));
        }
        assertEquals(Map.of("available", true, "value", 7L), counts.get("Fault"));
        assertEquals(Map.of("available", true, "value", 0L), counts.get("Counter"));
    }

    private ApiResponse get(Map<String, String> query) {
        return items.handle(ApiRequest.of("GET", "items/Fault", query, ""), limits);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(ApiResponse response) {
        assertEquals(String.valueOf(response.body()), 200, response.status());
        return (Map<String, Object>) response.body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }
}
