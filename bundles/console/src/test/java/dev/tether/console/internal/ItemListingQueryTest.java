package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.schema.ModelDefinition;
import dev.tether.store.Filter;
import dev.tether.store.Query;
import dev.tether.store.ValidationException;

import org.junit.Test;

public class ItemListingQueryTest {

    private final ModelDefinition fault = ConsoleSchema.parse().model("Fault").orElseThrow();
    private final ModelDefinition counter = ConsoleSchema.parse().model("Counter").orElseThrow();

    @Test
    public void theFieldsOfTheHashKeyTemplateSelectThePartition() {
        Query query = ItemListingQuery.of(fault, Map.of("deviceId", "gw-1"), null, null, 20);

        assertEquals(Map.of("deviceId", "gw-1"), query.partition());
        assertEquals(List.of(), query.filters());
        assertNull(query.sortKey());
        assertEquals(20, query.limit());
        assertNull(query.cursor());
    }

    @Test
    public void theHashKeyItselfSelectsThePartitionAndThePrefixTestsTheSortKey() {
        Query query = ItemListingQuery.of(fault, Map.of("pk", "Fault#gw-1"), "Fault#01J", "cursor-of-page-1", 5);

        assertEquals(Map.of("pk", "Fault#gw-1"), query.partition());
        assertEquals(Query.of("Fault").sortKeyBeginsWith("Fault#01J").sortKey(), query.sortKey());
        assertEquals("cursor-of-page-1", query.cursor());
    }

    @Test
    public void keyFieldsOutsideAWholePartitionMustMatchExactlyAsTheirTypeWants() {
        assertEquals(List.of(Filter.eq("id", "01J")), ItemListingQuery.of(fault, Map.of("id", "01J"), null, null, 5).filters());
        Query bySlot = ItemListingQuery.of(counter, Map.of("slot", "7"), null, null, 5);
        assertEquals(Map.of(), bySlot.partition());
        assertEquals(List.of(Filter.eq("slot", 7L)), bySlot.filters());
    }

    @Test
    public void noFieldsListTheWholeModel() {
        Query query = ItemListingQuery.of(fault, Map.of(), "", "", 50);

        assertEquals(Map.of(), query.partition());
        assertNull(query.sortKey());
        assertNull(query.cursor());
    }

    @Test
    public void aFieldThatIsNotAKeyFieldOrAValueOfTheWrongTypeIsRefusedWithEveryViolation() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", "E42");
        fields.put("slot", "seven");
        ValidationException refused = assertThrows(ValidationException.class,
                () -> ItemListingQuery.of(counter, fields, null, null, 5));

        assertEquals(2, refused.violations().size());
        assertTrue(refused.violations().get(0), refused.violations().get(0).startsWith("'code' is not a key field of Counter"));
        assertEquals("'slot' is a number field, not 'seven'", refused.violations().get(1));
    }
}
