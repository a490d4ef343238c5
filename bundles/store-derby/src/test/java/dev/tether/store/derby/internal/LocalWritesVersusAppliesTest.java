package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;

/**
 * Writers create their items one after another, now and then deleting the one before in the same
 * transaction, while cloud changes are applied to the items each writer is about to create. Nothing is
 * acknowledged, so from an item's first local write on every cloud change to it must be held, not
 * applied: each item must end as its writer left it. The race this guards is a local write committing
 * between the apply's look for pending work and its write; the test timeout catches a deadlock.
 */
public class LocalWritesVersusAppliesTest {

    private static final int WRITERS = 4;
    private static final int ITEMS_PER_WRITER = 400;

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test(timeout = 180_000)
    public void noAppliedCloudChangeOverwritesALocalWrite() throws Exception {
        DerbyLocalStore store = fixture.store();
        Map<String, Optional<String>> expected = new ConcurrentHashMap<>();
        AtomicIntegerArray progress = new AtomicIntegerArray(WRITERS);
        AtomicInteger held = new AtomicInteger();
        WritersAndOne.run(WRITERS, writer -> write(store, writer, progress, expected),
                writersDone -> applyCloudChanges(store, progress, writersDone, held));

        assertEquals(WRITERS * ITEMS_PER_WRITER, expected.size());
        for (Map.Entry<String, Optional<String>> entry : expected.entrySet()) {
            Optional<String> code = store.get("Fault", item("deviceId", "gw-1", "id", entry.getKey()))
                    .map(row -> (String) row.get("code"));
            assertEquals(entry.getKey(), entry.getValue(), code);
        }
        assertTrue("some cloud changes met local work: " + held.get(), held.get() > 0);
    }

    private static void write(DerbyLocalStore store, int writer, AtomicIntegerArray progress,
            Map<String, Optional<String>> expected) {
        for (int i = 0; i < ITEMS_PER_WRITER; i++) {
            String id = id(writer, i);
            String previous = id(writer, i - 1);
            boolean deletePrevious = i % 3 == 2;
            store.transaction(tx -> {
                tx.upsert("Fault", fault(id, "LOCAL"));
                if (deletePrevious) {
                    tx.remove("Fault", item("deviceId", "gw-1", "id", previous), null);
                }
                return null;
            });
            expected.put(id, Optional.of("LOCAL"));
            if (deletePrevious) {
                expected.put(previous, Optional.empty());
            }
            progress.set(writer, i + 1);
        }
    }

    /** Puts and deletes, one per apply, of the item a writer creates next or the one after. */
    private static void applyCloudChanges(DerbyLocalStore store, AtomicIntegerArray progress, AtomicBoolean writersDone,
            AtomicInteger held) {
        long version = 0;
        while (!writersDone.get()) {
            int writer = ThreadLocalRandom.current().nextInt(WRITERS);
            String id = id(writer, progress.get(writer) + ThreadLocalRandom.current().nextInt(2));
            ItemKey key = new ItemKey("Fault#gw-1", "Fault#" + id);
            version++;
            CloudChange change = version % 4 == 0
                    ? new CloudChange("Fault", key, Op.DELETE, null, version, "cloud-app", "0000000001-0000-cloud")
                    : new CloudChange("Fault", key, Op.PUT, fault(id, "CLOUD-" + version), version, "cloud-app",
                            "0000000001-0000-cloud");
            ApplyResult result = store.inbound().apply(List.of(change), Map.of());
            assertTrue(result.rejected().toString(), result.rejected().isEmpty());
            held.addAndGet(result.pendingLocal().size());
        }
    }

    private static String id(int writer, int index) {
        return "w" + writer + "-" + index;
    }

    private static Map<String, Object> fault(String id, String code) {
        return item("id", id, "deviceId", "gw-1", "code", code, "severity", "info", "active", true);
    }
}
