package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.DeadLetter;
import dev.tether.store.PendingChange;

public class DeadLetterTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void aDeadLetterStopsBlockingAndCanBeRetriedOrDiscarded() {
        Map<String, Object> poison = fixture.store().create("Fault", item("deviceId", "gw-1", "code", "TOO-BIG"));
        fixture.store().create("Fault", item("deviceId", "gw-1", "code", "FINE"));
        PendingChange first = fixture.store().outbox().pending(1, Set.of()).get(0);
        assertEquals("TOO-BIG", first.item().get("code"));

        DeadLetter letter = fixture.store().outbox().deadLetter(first.withHlc("h1"), "rejected: item too large");
        List<PendingChange> rest = fixture.store().outbox().pending(10, Set.of());
        assertEquals(1, rest.size());
        assertEquals("FINE", rest.get(0).item().get("code"));
        List<DeadLetter> letters = fixture.store().outbox().deadLetters().list(10);
        assertEquals(List.of(letter), letters);
        assertEquals("rejected: item too large", letters.get(0).reason());
        assertEquals("TOO-BIG", letters.get(0).item().get("code"));
        assertEquals("h1", letters.get(0).hlc());

        assertTrue(fixture.store().outbox().deadLetters().retry(letter.id()));
        assertEquals(0, fixture.store().outbox().deadLetters().count());
        assertEquals(List.of("FINE", "TOO-BIG"), fixture.store().outbox().pending(10, Set.of()).stream()
                .map(change -> change.item().get("code")).toList());

        PendingChange again = fixture.store().outbox().pending(10, Set.of()).get(1);
        DeadLetter second = fixture.store().outbox().deadLetter(again, "rejected again");
        assertTrue(fixture.store().outbox().deadLetters().discard(second.id()));
        assertFalse(fixture.store().outbox().deadLetters().discard(second.id()));
        assertEquals(1, fixture.store().outbox().depth());
        assertTrue(fixture.store().get("Fault", poison).isPresent());
    }
}
