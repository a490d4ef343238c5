package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.Filter;
import dev.tether.store.Query;
import dev.tether.store.UnknownModelException;

/** A new schema migrates the tables in place, keeps data and outbox, and an incompatible one is refused. */
public class MigrationTest {

    private static final String FIRST = """
            {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "models": {"Note": {"pk": {"type": "string"}, "sk": {"type": "string"}, "deviceId": {"type": "string"},
                                 "text": {"type": "string"}, "colour": {"type": "string"}},
                        "Old": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "sk": {"type": "string"}, "v": {"type": "number"}}},
             "control": {"Note": {"sync": "up"}, "Old": {"sync": "up"}}}
            """;
    private static final String SECOND = """
            {"version": "2", "indexes": {"primary": {"hash": "pk", "sort": "sk"}, "gs1": {"hash": "topic", "sort": "stars"}},
             "models": {"Note": {"pk": {"type": "string"}, "sk": {"type": "string"}, "deviceId": {"type": "string"},
                                 "text": {"type": "string"}, "stars": {"type": "number"}, "topic": {"type": "string"}},
                        "Tag": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "sk": {"type": "string"}}},
             "control": {"Note": {"sync": "up"}, "Tag": {"sync": "up"}}}
            """;
    private static final String RETYPED = """
            {"version": "3", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "models": {"Note": {"pk": {"type": "string"}, "sk": {"type": "string"}, "deviceId": {"type": "string"}, "text": {"type": "number"}}},
             "control": {"Note": {"sync": "up"}}}
            """;
    private static final String REKEYED = """
            {"version": "4", "indexes": {"primary": {"hash": "pk"}},
             "models": {"Note": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "text": {"type": "string"}}},
             "control": {"Note": {"sync": "up"}}}
            """;

    @Rule
    public StoreFixture fixture = StoreFixture.onSchema(FIRST);

    @Test
    public void addsTablesColumnsAndIndexesKeepingDataAndOutbox() throws Exception {
        fixture.store().create("Note", item("pk", "n", "sk", "1", "text", "first", "colour", "red"));
        fixture.store().create("Old", item("pk", "o", "sk", "1", "v", 3));
        assertEquals(2, fixture.store().outbox().depth());

        fixture.changeSchema(SECOND);
        fixture.store().create("Note", item("pk", "n", "sk", "2", "text", "second", "stars", 4, "topic", "t"));
        fixture.store().create("Tag", item("pk", "t", "sk", "1"));
        assertEquals(4, fixture.store().outbox().depth());
        assertEquals(1, fixture.store().count(Query.of("Note").index("gs1").partition(item("topic", "t"))
                .sortKey(Filter.gt(Query.SORT_KEY, 3))));
        assertTrue(indexExists("NOTE_GS1"));
        assertEquals("red", fixture.queryRow("SELECT COLOUR FROM TETHER.NOTE WHERE SK = '1'").get("COLOUR"));
        assertEquals(3.0, fixture.queryRow("SELECT V FROM TETHER.OLD").get("V"));
        assertThrows(UnknownModelException.class, () -> fixture.store().get("Old", item("pk", "o", "sk", "1")));
    }

    @Test
    public void anIncompatibleSchemaIsRefusedAndTheOldOneStaysInForce() throws Exception {
        fixture.store().create("Note", item("pk", "n", "sk", "1", "text", "first"));
        for (String incompatible : new String[] {RETYPED, REKEYED}) {
            fixture.changeSchema(incompatible);
            String refusal = fixture.store().schemaRefusal().orElseThrow();
            assertTrue(refusal, refusal.contains("cannot migrate to schema " + (incompatible == RETYPED ? "3" : "4")));
            assertTrue(refusal, refusal.contains(incompatible == RETYPED
                    ? "field Note.text would change its type from VARCHAR to DOUBLE"
                    : "would change its key attributes from [PK, SK] to [PK]"));
            fixture.store().create("Note", item("pk", "n", "sk", "2", "text", "still the old layout"));
            fixture.store().remove("Note", item("pk", "n", "sk", "2"), null);
        }
        Map<String, Object> stored = fixture.store().get("Note", item("pk", "n", "sk", "1")).orElseThrow();
        assertEquals("first", stored.get("text"));
        assertEquals(5, fixture.store().outbox().depth());
    }

    private boolean indexExists(String name) throws Exception {
        try (Connection connection = fixture.connect();
                ResultSet indexes = connection.getMetaData().getIndexInfo(null, Sql.SCHEMA, "NOTE", false, false)) {
            while (indexes.next()) {
                if (name.equals(indexes.getString("INDEX_NAME"))) {
                    assertNotNull(indexes.getString("COLUMN_NAME"));
                    return true;
                }
            }
        }
        return false;
    }
}
