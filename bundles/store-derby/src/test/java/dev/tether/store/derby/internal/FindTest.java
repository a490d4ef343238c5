package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.Filter;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.store.ValidationException;

public class FindTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Before
    public void tenReadingsOnTwoDevicesAndThreeFaults() {
        for (int i = 0; i < 10; i++) {
            fixture.store().create("Reading", item("deviceId", i < 7 ? "gw-1" : "gw-2", "id", "r" + i,
                    "sensor", i % 2 == 0 ? "temperature" : "humidity_%", "value", i * 10, "unit", "C"));
        }
        fixture.store().create("Fault", item("deviceId", "gw-1", "id", "f1", "code", "E42", "details", Map.of("a", 1)));
        fixture.store().create("Fault", item("deviceId", "gw-2", "id", "f2", "code", "E42"));
        fixture.store().create("Fault", item("deviceId", "gw-1", "id", "f3", "code", "E7"));
    }

    private List<String> ids(Page page) {
        return page.items().stream().map(item -> (String) item.get("id")).toList();
    }

    @Test
    public void byFullKeyByPartitionAndBySortKeyPrefix() {
        assertEquals(List.of("r3"), ids(fixture.store().find(Query.of("Reading").key(item("deviceId", "gw-1", "id", "r3")))));
        assertEquals(List.of("r3"), ids(fixture.store().find(Query.of("Reading")
                .key(item("pk", "Reading#gw-1", "sk", "Reading#r3")))));
        assertEquals(7, fixture.store().count(Query.of("Reading").partition(item("deviceId", "gw-1"))));
        assertEquals(3, fixture.store().count(Query.of("Reading").partition(item("pk", "Reading#gw-2"))));
        fixture.store().create("Reading", item("deviceId", "gw-1", "id", "x1", "sensor", "t", "value", 1));
        assertEquals(List.of("x1"), ids(fixture.store().find(Query.of("Reading").partition(item("deviceId", "gw-1"))
                .sortKeyBeginsWith("Reading#x"))));
        assertEquals(List.of("r1", "r2"), ids(fixture.store().find(Query.of("Reading").partition(item("deviceId", "gw-1"))
                .sortKey(Filter.between(Query.SORT_KEY, "Reading#r1", "Reading#r2")))));
        assertEquals(11, fixture.store().count(Query.of("Reading")));
    }

    @Test
    public void byASchemaIndex() {
        assertEquals(List.of("f1", "f2"), ids(fixture.store().find(Query.of("Fault").index("gs1").partition(item("code", "E42")))));
        assertEquals(List.of("f2"), ids(fixture.store().find(Query.of("Fault").index("gs1").partition(item("code", "E42"))
                .sortKeyBeginsWith("Fault#gw-2"))));
        ValidationException unknown = assertThrows(ValidationException.class,
                () -> fixture.store().find(Query.of("Fault").index("gs9")));
        assertEquals(List.of("model Fault has no index 'gs9'; its indexes: primary, gs1"), unknown.violations());
    }

    @Test
    public void everyFilterComparison() {
        Query readings = Query.of("Reading");
        assertEquals(List.of("r2"), ids(fixture.store().find(readings.where(Filter.eq("value", 20)))));
        assertEquals(9, fixture.store().count(readings.where(Filter.ne("value", 20))));
        assertEquals(List.of("r0", "r1"), ids(fixture.store().find(readings.where(Filter.lt("value", 20)))));
        assertEquals(List.of("r0", "r1", "r2"), ids(fixture.store().find(readings.where(Filter.le("value", 20)))));
        assertEquals(List.of("r8", "r9"), ids(fixture.store().find(readings.where(Filter.gt("value", 70)))));
        assertEquals(List.of("r7", "r8", "r9"), ids(fixture.store().find(readings.where(Filter.ge("value", 70)))));
        assertEquals(List.of("r3", "r4"), ids(fixture.store().find(readings.where(Filter.between("value", 30, 40)))));
        assertEquals(5, fixture.store().count(readings.where(Filter.beginsWith("sensor", "temp"))));
        assertEquals(5, fixture.store().count(readings.where(Filter.contains("sensor", "y_%"))));
        assertEquals(0, fixture.store().count(readings.where(Filter.contains("sensor", "y__"))));
        assertEquals(List.of("f1"), ids(fixture.store().find(Query.of("Fault").where(Filter.exists("details")))));
        assertEquals(2, fixture.store().count(Query.of("Fault").where(Filter.notExists("details"))));
        assertEquals(1, fixture.store().count(readings.where(Filter.gt("value", 30)).where(Filter.lt("value", 50))
                .where(Filter.eq("sensor", "temperature"))));
        assertThrows(ValidationException.class, () -> fixture.store().find(readings.where(Filter.eq("colour", "red"))));
    }

    @Test
    public void pagesFollowTheCursorInBothDirections() {
        Query query = Query.of("Reading").partition(item("deviceId", "gw-1")).limit(3);
        List<String> forward = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Page page = fixture.store().find(query);
        while (true) {
            forward.addAll(ids(page));
            sizes.add(page.items().size());
            if (page.cursor() == null) {
                break;
            }
            page = fixture.store().find(query.after(page.cursor()));
        }
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6"), forward);
        assertEquals(List.of(3, 3, 1), sizes);

        Page newest = fixture.store().find(query.reversed());
        assertEquals(List.of("r6", "r5", "r4"), ids(newest));
        assertEquals(List.of("r3", "r2", "r1"), ids(fixture.store().find(query.reversed().after(newest.cursor()))));

        Page exact = fixture.store().find(Query.of("Fault").index("gs1").limit(2));
        assertEquals(List.of("f1", "f2"), ids(exact));
        Page rest = fixture.store().find(Query.of("Fault").index("gs1").limit(2).after(exact.cursor()));
        assertEquals(List.of("f3"), ids(rest));
        assertNull(rest.cursor());
        assertThrows(ValidationException.class, () -> fixture.store().find(query.after("not-a-cursor")));
    }
}
