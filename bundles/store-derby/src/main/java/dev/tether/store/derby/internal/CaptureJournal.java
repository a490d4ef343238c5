package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import dev.tether.protocol.ItemKey;

/**
 * How the store captures its own puts: the keys a transaction created or updated go to
 * {@code TETHER.CAPTURE_JOURNAL} as that transaction's last statement, one row per transaction (more
 * only past {@value #MAX_CHARS} characters of keys), and the capture triggers skip the store's
 * inserts and updates ({@link CaptureTriggers#JOURNALED_USER}). Everything else — other writers'
 * inserts and updates, every delete — the triggers capture into the outbox, row by row.
 *
 * <p>Why: in Derby an outbox row costs a put about as much again as its own work wherever it is
 * inserted from, a third of that for the outbox's index by item (see the store README). One journal
 * row per transaction keeps capture on the writer's path to a small fraction; the outbox rows are
 * made later, off the writer's path, by {@link #expand}: the cost is moved, not removed.
 *
 * <p>The engine's side moves the journal into the outbox when its read of the outbox runs short (in a
 * transaction of its own), at the end of every acknowledgement (in that transaction's commit), and,
 * after it has locked an item's row, before it decides whether the item has local work pending: a
 * writer of that item has then committed, its journal row included. Moving never waits for a writer
 * that waits for it: a writer inserts its journal row last, and then only commits.
 *
 * <p>A moved entry takes its outbox sequence when it is moved, so it can come after a later
 * trigger-captured write of another item (the protocol promises no order across items) or of the same
 * item. Neither changes what is sent: the drain sends an item's current row (or a delete if it is
 * gone) with the base from the row, else from the latest outbox row that recorded one; entries record
 * none, and a delete records the row's version when it was deleted.
 */
final class CaptureJournal {

    static final String TABLE = Sql.SCHEMA + ".CAPTURE_JOURNAL";
    static final String CREATE = "CREATE TABLE " + TABLE + " ("
            + "SEQ BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT CAPTURE_JOURNAL_PK PRIMARY KEY, "
            + "ENTRIES INT NOT NULL, ITEMS VARCHAR(32672) NOT NULL, "
            + "CAPTURED_AT TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)";
    /** Characters of encoded keys per journal row; one entry is at most ≈ 2,200 (model name and two keys). */
    static final int MAX_CHARS = 30_000;
    /** Journal rows read per query while expanding: at most ≈ 2 MB of keys in memory. */
    private static final int ROWS_PER_READ = 64;
    /** Entries {@link #expandAll} moves per transaction. */
    static final int EXPAND_BATCH = 2_000;

    private static final String INSERT = "INSERT INTO " + TABLE + " (ENTRIES, ITEMS) VALUES (?, ?)";
    private static final String OLDEST = "SELECT SEQ, ITEMS, CAPTURED_AT FROM " + TABLE + " ORDER BY SEQ FETCH FIRST "
            + ROWS_PER_READ + " ROWS ONLY";
    private static final String DELETE = "DELETE FROM " + TABLE + " WHERE SEQ = ?";
    private static final String ANY = "SELECT 1 FROM " + TABLE + " FETCH FIRST ROW ONLY";
    private static final String TO_OUTBOX = "INSERT INTO " + Sql.OUTBOX + " (MODEL, PK, SK, OP, CAPTURED_AT)"
            + " VALUES (?, ?, ?, 'PUT', ?)";
    private static final String COUNT = "SELECT COALESCE(SUM(ENTRIES), 0) FROM " + TABLE;
    private static final String OLDEST_CAPTURE = "SELECT CAPTURED_AT FROM " + TABLE + " ORDER BY SEQ FETCH FIRST 1 ROWS ONLY";

    /** An item the transaction created or updated. */
    record Entry(String model, ItemKey key) {
    }


    private CaptureJournal() {
    }

    /** Writes the entries; to be the transaction's last statement before its commit. */
    static void record(PreparedStatements statements, Collection<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        PreparedStatement insert = statements.get(INSERT);
        StringBuilder items = new StringBuilder(Math.min(MAX_CHARS, entries.size() * 16));
        String previous = "";
        int count = 0;
        for (Entry entry : entries) {
            String full = full(entry);
            if (count > 0 && items.length() + full.length() + 24 > MAX_CHARS) {
                write(insert, count, items);
                items.setLength(0);
                previous = "";
                count = 0;
            }
            append(items, previous, full);
            previous = full;
            count++;
        }
        write(insert, count, items);
    }

    private static void write(PreparedStatement insert, int count, CharSequence items) throws SQLException {
        insert.setInt(1, count);
        insert.setString(2, items.toString());
        insert.executeUpdate();
    }

    /**
     * Moves committed journal entries into the outbox, oldest first, in the caller's transaction; an
     * entry another transaction is moving at the same time is left to it.
     *
     * @param limit stop after about this many entries (a whole journal row is moved at a time)
     * @return how many entries were moved
     */
    static int expand(PreparedStatements statements, int limit) throws SQLException {
        PreparedStatement oldest = statements.get(OLDEST);
        int moved = 0;
        boolean more = true;
        while (more && moved < limit) {
            List<JournalRow> rows = new ArrayList<>();
            try (ResultSet result = oldest.executeQuery()) {
                while (result.next()) {
                    rows.add(new JournalRow(result.getLong(1), result.getString(2), result.getTimestamp(3)));
                }
            }
            more = rows.size() == ROWS_PER_READ;
            PreparedStatement delete = statements.get(DELETE);
            PreparedStatement toOutbox = statements.get(TO_OUTBOX);
            for (JournalRow row : rows) {
                delete.setLong(1, row.sequence());
                if (delete.executeUpdate() == 0) {
                    continue;
                }
                List<Entry> entries = decode(row.items());
                for (Entry entry : entries) {
                    toOutbox.setString(1, entry.model());
                    toOutbox.setString(2, entry.key().pk());
                    toOutbox.setString(3, entry.key().sk());
                    toOutbox.setTimestamp(4, row.capturedAt());
                    toOutbox.addBatch();
                }
                toOutbox.executeBatch();
                moved += entries.size();
                if (moved >= limit) {
                    break;
                }
            }
        }
        return moved;
    }

    /** Moves the whole journal into the outbox, in transactions of about {@value #EXPAND_BATCH} entries. */
    static void expandAll(Transactions transactions) {
        int moved;
        do {
            moved = transactions.run("move captured writes into the outbox", connection -> {
                try (PreparedStatements statements = new PreparedStatements(connection)) {
                    return expand(statements, EXPAND_BATCH);
                }
            });
        } while (moved >= EXPAND_BATCH);
    }

    private record JournalRow(long sequence, String items, Timestamp capturedAt) {
    }

    static boolean hasEntries(PreparedStatements statements) throws SQLException {
        try (ResultSet row = statements.get(ANY).executeQuery()) {
            return row.next();
        }
    }

    /** Entries not yet moved into the outbox. */
    static long entries(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(COUNT); ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    static OptionalLong oldestCapturedAtMillis(Connection connection) throws SQLException {
        try (PreparedStatement oldest = connection.prepareStatement(OLDEST_CAPTURE); ResultSet row = oldest.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getTimestamp(1).getTime()) : OptionalLong.empty();
        }
    }

    /*
     * An entry's full form is its model, PK and SK, each as its length, ':' and its characters ('-' for
     * no SK). In ITEMS each entry is the length of the prefix its full form shares with the entry
     * before, ':', and the rest as a part: a transaction's keys mostly share their model, PK and the
     * start of their SK, and the row stays short.
     */
    static String full(Entry entry) {
        StringBuilder full = new StringBuilder(64);
        part(entry.model(), full);
        part(entry.key().pk(), full);
        if (entry.key().sk() == null) {
            full.append('-');
        } else {
            part(entry.key().sk(), full);
        }
        return full.toString();
    }

    static void append(StringBuilder items, String previous, String full) {
        int shared = 0;
        int most = Math.min(previous.length(), full.length());
        while (shared < most && previous.charAt(shared) == full.charAt(shared)) {
            shared++;
        }
        items.append(shared).append(':');
        part(full.substring(shared), items);
    }

    private static void part(String text, StringBuilder into) {
        into.append(text.length()).append(':').append(text);
    }

    static List<Entry> decode(String items) {
        List<Entry> entries = new ArrayList<>();
        int[] at = {0};
        String previous = "";
        while (at[0] < items.length()) {
            int colon = colon(items, at[0]);
            int shared = Integer.parseInt(items, at[0], colon, 10);
            at[0] = colon + 1;
            String full = previous.substring(0, shared) + part(items, at);
            entries.add(parseFull(full));
            previous = full;
        }
        return entries;
    }

    private static Entry parseFull(String full) {
        int[] at = {0};
        String model = part(full, at);
        String pk = part(full, at);
        String sk = full.charAt(at[0]) == '-' ? null : part(full, at);
        return new Entry(model, new ItemKey(pk, sk));
    }

    private static String part(String text, int[] at) {
        int colon = colon(text, at[0]);
        int length = Integer.parseInt(text, at[0], colon, 10);
        at[0] = colon + 1 + length;
        return text.substring(colon + 1, at[0]);
    }

    private static int colon(String text, int from) {
        int colon = text.indexOf(':', from);
        if (colon < 0) {
            throw new IllegalStateException("corrupt capture journal row: no length at " + from);
        }
        return colon;
    }
}
