package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

/** A new schema from the schema service is installed before the next operation, keeping the data. */
public class SchemaChangeTest {

    private static final String FIRST = """
            {"version": "1", "indexes": {"primary": {"hash": "pk"}},
             "models": {"Note": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "text": {"type": "string"}}},
             "control": {"Note": {"sync": "up"}}}
            """;
    private static final String SECOND = """
            {"version": "2", "indexes": {"primary": {"hash": "pk"}},
             "models": {"Note": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "text": {"type": "string"},
                                 "stars": {"type": "number"}},
                        "Tag": {"pk": {"type": "string"}, "deviceId": {"type": "string"}}},
             "control": {"Note": {"sync": "none"}, "Tag": {"sync": "up"}}}
            """;

    @Rule
    public StoreFixture fixture = StoreFixture.onSchema(FIRST);

    @Test
    public void addsColumnsAndTablesAndReplacesTriggers() throws Exception {
        fixture.store().put("Note", item("pk", "n1", "text", "first"));
        assertEquals(1, fixture.store().outbox().depth());

        fixture.changeSchema(SECOND);
        Map<String, Object> note = fixture.store().put("Note", item("pk", "n1", "text", "second", "stars", 4));
        assertEquals(note, fixture.store().get("Note", item("pk", "n1")).orElseThrow());
        assertEquals(1, fixture.store().outbox().depth()); // Note no longer syncs up: not captured

        fixture.store().put("Tag", item("pk", "t1"));
        fixture.execute("UPDATE TETHER.NOTE SET STARS = 5");
        assertEquals(2, fixture.store().outbox().depth());
        assertEquals("Tag", fixture.store().outbox().pending(10, Set.of()).get(0).model());
    }
}
