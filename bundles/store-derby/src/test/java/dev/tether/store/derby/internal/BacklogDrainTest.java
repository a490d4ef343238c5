package dev.tether.store.derby.internal;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.protocol.ItemKey;
import dev.tether.store.Acknowledgement;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

/**
 * A backlog of writes made while offline, drained in batches of 100 as the engine does (read, stamp,
 * acknowledge): every item is sent exactly once, with its latest content. It also prints what reading
 * a batch cost with a full and with an almost empty outbox (similar figures show the read does not
 * grow with the backlog); tests do not assert on timings, the load driver's catch-up scenario
 * measures the drain end to end.
 */
public class BacklogDrainTest {

    private static final int ITEMS = 30_000;
    private static final int REWRITTEN = 200;
    private static final int BATCH = 100;
    private static final int WINDOW = 50;

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test(timeout = 600_000)
    public void drainingABacklogInBatchesSendsEachItemOnceWithItsLatestContent() throws Exception {
        fillBacklog();
        Outbox outbox = fixture.store().outbox();
        assertEquals(ITEMS + REWRITTEN, outbox.depth());

        Map<ItemKey, PendingChange> drained = new HashMap<>();
        List<Long> readNanos = new ArrayList<>();
        long version = 0;
        long started = System.nanoTime();
        while (true) {
            long before = System.nanoTime();
            List<PendingChange> pending = outbox.pending(BATCH, Set.of());
            readNanos.add(System.nanoTime() - before);
            if (pending.isEmpty()) {
                break;
            }
            List<PendingChange> stamped = new ArrayList<>();
            for (PendingChange change : pending) {
                stamped.add(change.withHlc(String.format("%018d-%05d", 1_700_000_000_000L, stamped.size())));
            }
            outbox.stamp(stamped);
            List<Acknowledgement> acknowledgements = new ArrayList<>();
            for (PendingChange change : stamped) {
                acknowledgements.add(new Acknowledgement(change, ++version));
                PendingChange earlier = drained.put(change.key(), change);
                assertEquals("each item is sent once: " + change.key(), null, earlier);
            }
            outbox.acknowledge(acknowledgements);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(0, outbox.depth());
        assertEquals(ITEMS, drained.size());
        for (int i = 0; i < REWRITTEN; i++) {
            assertEquals("rewritten items carry their latest content", 2L,
                    drained.get(new ItemKey("Reading#gw-1", "Reading#" + id(i))).item().get("value"));
        }
        List<Long> reads = readNanos.subList(0, readNanos.size() - 1);
        double full = medianMillis(reads.subList(WINDOW, 2 * WINDOW));
        double nearlyEmpty = medianMillis(reads.subList(reads.size() - WINDOW, reads.size()));
        System.out.printf("Drained %,d changes (%,d writes) in %,d batches: %.1f s, %,.0f changes/s; reading a batch took"
                + " %.2f ms (median) with ~%,d pending and %.2f ms with < %,d pending%n", ITEMS, ITEMS + REWRITTEN,
                reads.size(), seconds, ITEMS / seconds, full, ITEMS - WINDOW * BATCH, nearlyEmpty, WINDOW * BATCH);
    }

    /** Plain JDBC, 1,000 rows per commit; the first items are written again at the end. */
    private void fillBacklog() throws Exception {
        try (Connection connection = fixture.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO TETHER.READING"
                    + " (PK, SK, ID, DEVICEID, SENSOR, \"VALUE\") VALUES ('Reading#gw-1', ?, ?, 'gw-1', 't1', 1)")) {
                for (int i = 0; i < ITEMS; i++) {
                    insert.setString(1, "Reading#" + id(i));
                    insert.setString(2, id(i));
                    insert.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE TETHER.READING SET \"VALUE\" = 2 WHERE PK = 'Reading#gw-1' AND SK = ?")) {
                for (int i = 0; i < REWRITTEN; i++) {
                    update.setString(1, "Reading#" + id(i));
                    update.addBatch();
                }
                update.executeBatch();
                connection.commit();
            }
        }
    }

    private static String id(int i) {
        return String.format("r%06d", i);
    }

    private static double medianMillis(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}
