package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.Op;
import dev.tether.store.ItemChange;
import dev.tether.store.PendingChange;
import dev.tether.store.Query;

/** Expired items vanish from reads at once; the sweep deletes them through the capture path. */
public class TtlTest {

    private static final String SCHEMA = """
            {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "models": {"Alarm": {"pk": {"type": "string"}, "deviceId": {"type": "string"}, "sk": {"type": "string"}, "expires": {"type": "date", "ttl": true}}},
             "control": {"Alarm": {"sync": "up"}}}
            """;

    @Rule
    public StoreFixture fixture = StoreFixture.onSchema(SCHEMA);

    @Test
    public void expiredItemsAreHiddenAtOnceAndTheSweepRemovesThemAsCapturedDeletes() throws Exception {
        Instant now = fixture.clock().instant();
        fixture.store().create("Alarm", item("pk", "a", "sk", "soon", "expires", now.plusSeconds(60).toString()));
        fixture.store().create("Alarm", item("pk", "a", "sk", "later", "expires", now.plusSeconds(3600).toString()));
        fixture.store().create("Alarm", item("pk", "a", "sk", "never"));
        fixture.store().outbox().acknowledge(fixture.store().outbox().pending(10, Set.of()).stream()
                .map(change -> new dev.tether.store.Acknowledgement(change, 1)).toList());
        List<ItemChange> heard = new ArrayList<>();
        fixture.store().subscribe(null, heard::addAll);

        fixture.clock().advance(Duration.ofSeconds(61));
        assertTrue(fixture.store().get("Alarm", item("pk", "a", "sk", "soon")).isEmpty());
        assertEquals(2, fixture.store().count(Query.of("Alarm")));
        assertEquals(3, ((Number) fixture.queryRow("SELECT COUNT(*) AS N FROM TETHER.ALARM").get("N")).intValue());

        assertEquals(1, fixture.store().sweepExpired());
        assertEquals(2, ((Number) fixture.queryRow("SELECT COUNT(*) AS N FROM TETHER.ALARM").get("N")).intValue());
        List<PendingChange> pending = fixture.store().outbox().pending(10, Set.of());
        assertEquals(1, pending.size());
        assertEquals(Op.DELETE, pending.get(0).op());
        assertEquals("soon", pending.get(0).key().sk());
        assertEquals(Long.valueOf(1), pending.get(0).base());
        assertEquals(List.of(ItemChange.Kind.EXPIRED), heard.stream().map(ItemChange::kind).toList());

        fixture.store().create("Alarm", item("pk", "a", "sk", "soon", "expires", now.plusSeconds(7200).toString()));
        assertEquals(3, fixture.store().count(Query.of("Alarm")));
    }
}
