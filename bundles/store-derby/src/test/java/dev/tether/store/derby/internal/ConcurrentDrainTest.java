package dev.tether.store.derby.internal;

import static org.awaitility.Awaitility.await;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

/**
 * Eight writers replace and delete their items while one drainer reads, stamps and acknowledges
 * pending changes, as the sync engine does. Every item's last acknowledged change must be its final
 * state: nothing lost, nothing stale. The test timeout catches a deadlock.
 */
public class ConcurrentDrainTest {

    private static final int WRITERS = 8;
    private static final int ITEMS_PER_WRITER = 25;
    private static final int ROUNDS = 4;

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    private record Final(boolean deleted, long value) {
    }

    @Test(timeout = 180_000)
    public void writersAndADrainerNeitherDeadlockNorLoseChanges() throws Exception {
        DerbyLocalStore store = fixture.store();
        Outbox outbox = store.outbox();
        Map<ItemKey, Final> expected = new ConcurrentHashMap<>();
        Map<ItemKey, PendingChange> lastAcknowledged = new ConcurrentHashMap<>();
        AtomicLong cloudVersion = new AtomicLong();
        WritersAndOne.run(WRITERS, writer -> write(store, writer, expected),
                writersDone -> drain(outbox, writersDone, cloudVersion, lastAcknowledged));

        assertEquals(0, outbox.depth());
        assertEquals(WRITERS * ITEMS_PER_WRITER, expected.size());
        assertEquals(expected.keySet(), lastAcknowledged.keySet());
        for (Map.Entry<ItemKey, Final> entry : expected.entrySet()) {
            PendingChange last = lastAcknowledged.get(entry.getKey());
            if (entry.getValue().deleted()) {
                assertEquals(entry.getKey().toString(), Op.DELETE, last.op());
                assertTrue(store.get("Reading", item("pk", entry.getKey().pk(), "sk", entry.getKey().sk())).isEmpty());
            } else {
                assertEquals(entry.getKey().toString(), Op.PUT, last.op());
                assertEquals(entry.getKey().toString(), entry.getValue().value(), last.item().get("value"));
                Map<String, Object> row = fixture.queryRow("SELECT TETHER_VERSION FROM TETHER.READING WHERE PK = ? AND SK = ?",
                        entry.getKey().pk(), entry.getKey().sk());
                assertTrue(entry.getKey() + " has a cloud version", ((Number) row.get("TETHER_VERSION")).longValue() > 0);
            }
        }
    }

    private static void write(DerbyLocalStore store, int writer, Map<ItemKey, Final> expected) {
        for (int round = 1; round <= ROUNDS; round++) {
            for (int i = 0; i < ITEMS_PER_WRITER; i++) {
                String id = "w" + writer + "-i" + i;
                Map<String, Object> stored = store.put("Reading",
                        item("id", id, "deviceId", "gw-" + writer, "sensor", "s", "value", round));
                ItemKey key = new ItemKey((String) stored.get("pk"), (String) stored.get("sk"));
                boolean delete = round == ROUNDS && i % 5 == 0;
                if (delete) {
                    store.delete("Reading", stored);
                }
                expected.put(key, new Final(delete, round));
            }
        }
    }

    private static void drain(Outbox outbox, AtomicBoolean writersDone, AtomicLong cloudVersion,
            Map<ItemKey, PendingChange> lastAcknowledged) throws InterruptedException {
        while (true) {
            boolean finalPass = writersDone.get();
            List<PendingChange> pending = outbox.pending(40, Set.of());
            if (pending.isEmpty()) {
                if (finalPass) {
                    return;
                }
                await("more changes or the writers done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> writersDone.get() || !outbox.pending(1, Set.of()).isEmpty());
                continue;
            }
            List<PendingChange> stamped = pending.stream()
                    .map(change -> change.withHlc(String.format("%018d-%05d", System.currentTimeMillis(), 0)))
                    .toList();
            outbox.stamp(stamped);
            List<Acknowledgement> acknowledgements = stamped.stream()
                    .map(change -> new Acknowledgement(change, cloudVersion.incrementAndGet()))
                    .toList();
            outbox.acknowledge(acknowledgements);
            stamped.forEach(change -> lastAcknowledged.put(change.key(), change));
        }
    }
}
