package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.PendingChange;

/** A model without a sort key: the primary key is PK alone and outbox rows have no SK. */
public class NoSortKeyModelTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSchema("""
            {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "models": {"Note": {"pk": {"type": "string", "value": "Note#${deviceId}"},
                                 "deviceId": {"type": "string", "required": true},
                                 "text": {"type": "string"}},
                        "Tag": {"pk": {"type": "string"}, "deviceId": {"type": "string"}}},
             "control": {"Note": {"sync": "both"}, "Tag": {"sync": "up"}}}
            """);

    @Test
    public void storesCapturesAndAcknowledgesByHashKeyOnly() throws Exception {
        Map<String, Object> stored = fixture.store().put("Note", item("deviceId", "gw-1", "text", "hello"));
        assertEquals(Map.of("pk", "Note#gw-1", "deviceId", "gw-1", "text", "hello"), stored);
        assertEquals(stored, fixture.store().get("Note", item("pk", "Note#gw-1")).orElseThrow());

        PendingChange change = fixture.store().outbox().pending(10, Set.of()).get(0);
        assertNull(change.key().sk());
        assertNull(fixture.queryRow("SELECT SK FROM TETHER.OUTBOX").get("SK"));
        fixture.store().outbox().acknowledge(List.of(new Acknowledgement(change, 2)));
        assertEquals(0, fixture.store().outbox().depth());
        assertEquals(2L, fixture.queryRow("SELECT TETHER_VERSION FROM TETHER.NOTE").get("TETHER_VERSION"));

        fixture.store().delete("Note", item("deviceId", "gw-1"));
        PendingChange deleted = fixture.store().outbox().pending(10, Set.of()).get(0);
        assertEquals(Op.DELETE, deleted.op());
        assertEquals(Long.valueOf(2), deleted.base());
    }

    @Test
    public void aModelOfKeyAttributesOnlyIsStillCapturedOnReplace() {
        fixture.store().put("Tag", item("pk", "t1"));
        fixture.store().put("Tag", item("pk", "t1"));
        assertEquals(2, fixture.store().outbox().depth());
    }
}
