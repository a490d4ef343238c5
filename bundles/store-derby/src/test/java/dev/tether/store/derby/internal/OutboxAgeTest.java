package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.Acknowledgement;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

/** The capture time of the oldest unacknowledged write, from which the engine reports its lag. */
public class OutboxAgeTest {

    private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-03-01T10:05:00Z");

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    private Outbox outbox() {
        return fixture.store().outbox();
    }

    @Test
    public void theOldestPendingCaptureIsReportedUntilItsAckAndNothingWhenTheOutboxIsEmpty() throws Exception {
        assertEquals(OptionalLong.empty(), outbox().oldestCapturedAtMillis());
        fixture.store().put("Reading", item("id", "a", "deviceId", "gw-1", "sensor", "t1", "value", 1));
        fixture.store().put("Reading", item("id", "b", "deviceId", "gw-1", "sensor", "t1", "value", 2));
        List<PendingChange> pending = outbox().pending(10, Set.of());
        fixture.execute("UPDATE TETHER.OUTBOX SET CAPTURED_AT = ? WHERE SEQ = ?", Timestamp.from(FIRST), pending.get(0).sequence());
        fixture.execute("UPDATE TETHER.OUTBOX SET CAPTURED_AT = ? WHERE SEQ = ?", Timestamp.from(SECOND), pending.get(1).sequence());

        assertEquals(OptionalLong.of(FIRST.toEpochMilli()), outbox().oldestCapturedAtMillis());

        outbox().acknowledge(List.of(new Acknowledgement(pending.get(0), 1L)));
        assertEquals(OptionalLong.of(SECOND.toEpochMilli()), outbox().oldestCapturedAtMillis());

        outbox().acknowledge(List.of(new Acknowledgement(pending.get(1), 2L)));
        assertEquals(OptionalLong.empty(), outbox().oldestCapturedAtMillis());
    }
}
