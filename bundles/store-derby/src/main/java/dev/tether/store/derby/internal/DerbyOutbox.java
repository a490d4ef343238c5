package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.DeadLetter;
import dev.tether.store.DeadLetters;
import dev.tether.store.ItemChange;
import dev.tether.store.ItemRef;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

/**
 * The outbox table {@code TETHER.OUTBOX}, one row per captured write: the capture triggers insert
 * other writers' writes and every delete, and the store's own puts are moved in from the {@link
 * CaptureJournal} before the outbox is read. Pending changes are coalesced per item and ordered by the
 * sequence of each item's latest row, oldest first: capture order for trigger rows, the order of
 * moving for the store's puts (moved in the order they committed).
 *
 * <p>{@code BASE} keeps the cloud version known when a write was captured: a deleted item's row is
 * gone, and with it its {@code TETHER_VERSION}, so a delete (or a re-insert after it) takes its base
 * from there.
 */
final class DerbyOutbox implements Outbox {

    private static final Logger LOG = System.getLogger(DerbyOutbox.class.getName());

    /** The next outbox rows in commit order, read through the primary key index from a sequence on. */
    private static final String ROWS_AFTER = "SELECT SEQ, MODEL, PK, SK, HLC, CAPTURED_AT FROM " + Sql.OUTBOX
            + " WHERE SEQ > ? ORDER BY SEQ FETCH FIRST ? ROWS ONLY";
    /** Rows read per page while looking for pending changes; superseded and skipped rows make more pages. */
    private static final int MIN_PAGE = 64;
    private static final String STAMP = "UPDATE " + Sql.OUTBOX + " SET HLC = ? WHERE SEQ = ?";
    private static final String DEPTH = "SELECT COUNT(*) FROM " + Sql.OUTBOX;
    private static final String OLDEST_CAPTURE = "SELECT CAPTURED_AT FROM " + Sql.OUTBOX + " ORDER BY SEQ FETCH FIRST 1 ROWS ONLY";

    private final Transactions transactions;
    private final Supplier<StoreLayout> layout;
    private final Consumer<List<ItemChange>> committed;
    private final DerbyDeadLetters deadLetters;

    /** @param committed told about the held cloud changes an acknowledgement applied, after commit */
    DerbyOutbox(Transactions transactions, Supplier<StoreLayout> layout, Consumer<List<ItemChange>> committed) {
        this.transactions = transactions;
        this.layout = layout;
        this.committed = committed;
        this.deadLetters = new DerbyDeadLetters(transactions);
    }

    @Override
    public DeadLetter deadLetter(PendingChange change, String reason) {
        Optional<ModelTable> table = layout.get().table(change.model());
        List<ItemChange> events = new ArrayList<>();
        DeadLetter letter = transactions.run("set aside " + change.model() + " " + change.key(), connection -> {
            events.clear();
            DeadLetter setAside = deadLetters.setAside(connection, change, reason, Instant.now());
            if (table.isPresent()) {
                try (PreparedStatements statements = new PreparedStatements(connection)) {
                    HeldChanges.release(statements, table.get(), change.model(), change.key(), Long.MIN_VALUE)
                            .ifPresent(events::add);
                }
            }
            return setAside;
        });
        LOG.log(Level.WARNING, "Set aside {0} {1} as dead letter {2}: {3}", change.model(), change.key(), letter.id(), reason);
        notify(events);
        return letter;
    }

    private void notify(List<ItemChange> events) {
        if (!events.isEmpty()) {
            committed.accept(List.copyOf(events));
        }
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Walks the outbox in sequence order, a page at a time, and keeps each row that is its item's
     * latest (an index probe on {@code OUTBOX_ITEM}): the cost depends on the rows read before
     * {@code max} changes are found, not on the size of the backlog.
     */
    @Override
    public List<PendingChange> pending(int max, Set<ItemRef> skip) {
        if (max <= 0) {
            return List.of();
        }
        OutboxRead read = read(max, skip);
        if (read.changes().size() < max && read.journalHasEntries()) {
            // Moving the journal costs a commit of its own: paid only when the outbox runs short, and for
            // a part of a large journal only, so that sending starts; acknowledgements move the rest.
            transactions.run("move captured writes into the outbox", connection -> {
                try (PreparedStatements statements = new PreparedStatements(connection)) {
                    return CaptureJournal.expand(statements, Math.max(max, CaptureJournal.EXPAND_BATCH));
                }
            });
            return read(max, skip).changes();
        }
        return read.changes();
    }

    private record OutboxRead(List<PendingChange> changes, boolean journalHasEntries) {
    }

    private OutboxRead read(int max, Set<ItemRef> skip) {
        StoreLayout tables = layout.get();
        int page = Math.max(MIN_PAGE, max + skip.size());
        return transactions.run("read pending changes", connection -> {
            List<PendingChange> changes = new ArrayList<>();
            try (PreparedStatements statements = new PreparedStatements(connection)) {
                PreparedStatement next = statements.get(ROWS_AFTER);
                long after = Long.MIN_VALUE;
                boolean more = true;
                while (more && changes.size() < max) {
                    int read = 0;
                    next.setLong(1, after);
                    next.setInt(2, page);
                    List<OutboxRow> rows = new ArrayList<>();
                    try (ResultSet result = next.executeQuery()) {
                        while (result.next()) {
                            rows.add(new OutboxRow(result.getLong(1), result.getString(2),
                                    new ItemKey(result.getString(3), result.getString(4)), result.getString(5),
                                    result.getTimestamp(6).getTime()));
                        }
                    }
                    for (OutboxRow row : rows) {
                        read++;
                        after = row.sequence();
                        if (skip.contains(new ItemRef(row.model(), row.key()))
                                || OutboxRows.writtenAfter(statements, row.model(), row.key(), row.sequence())) {
                            continue;
                        }
                        Optional<ModelTable> table = tables.table(row.model()).filter(candidate -> candidate.model().syncsUp());
                        if (table.isEmpty()) {
                            LOG.log(Level.DEBUG, "Outbox row {0} of model {1} left alone: the model no longer syncs up",
                                    row.sequence(), row.model());
                            continue;
                        }
                        changes.add(change(statements, table.get(), row));
                        if (changes.size() == max) {
                            break;
                        }
                    }
                    more = read == page;
                }
                return new OutboxRead(changes, CaptureJournal.hasEntries(statements));
            }
        });
    }

    private record OutboxRow(long sequence, String model, ItemKey key, String hlc, long capturedAtMillis) {
    }

    private PendingChange change(PreparedStatements statements, ModelTable table, OutboxRow outboxRow)
            throws SQLException {
        String model = table.model().name();
        PreparedStatement select = statements.get(table.selectSql());
        table.bindKey(select, 1, outboxRow.key());
        try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
                Map<String, Object> item = table.readItem(row);
                Long version = table.readVersion(row);
                Long base = version != null ? version : capturedBase(statements, model, outboxRow.key());
                return new PendingChange(outboxRow.sequence(), model, outboxRow.key(), Op.PUT, item, base,
                        outboxRow.hlc(), outboxRow.capturedAtMillis());
            }
        }
        return new PendingChange(outboxRow.sequence(), model, outboxRow.key(), Op.DELETE, null,
                capturedBase(statements, model, outboxRow.key()), outboxRow.hlc(), outboxRow.capturedAtMillis());
    }

    /**
     * The latest cloud version recorded on the item's outbox rows, {@code null} if none. The item's rows
     * (usually one or two) are read through {@code OUTBOX_ITEM} and the latest picked here: asked to
     * order them descending, Derby (which scans indexes forwards only) chose plans that grew with the
     * whole outbox.
     */
    private static Long capturedBase(PreparedStatements statements, String model, ItemKey key) throws SQLException {
        PreparedStatement select = statements.get("SELECT SEQ, BASE FROM " + Sql.OUTBOX + " WHERE "
                + OutboxRows.itemCondition(key));
        OutboxRows.bindItem(select, 1, model, key);
        Long base = null;
        long latest = Long.MIN_VALUE;
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long sequence = rows.getLong(1);
                long value = rows.getLong(2);
                if (!rows.wasNull() && sequence > latest) {
                    latest = sequence;
                    base = value;
                }
            }
        }
        return base;
    }

    @Override
    public void stamp(Collection<PendingChange> stamped) {
        if (stamped.isEmpty()) {
            return;
        }
        transactions.run("stamp " + stamped.size() + " changes", connection -> {
            try (PreparedStatement stamp = connection.prepareStatement(STAMP)) {
                for (PendingChange change : stamped) {
                    stamp.setString(1, change.hlc());
                    stamp.setLong(2, change.sequence());
                    stamp.addBatch();
                }
                stamp.executeBatch();
            }
            return null;
        });
    }

    /**
     * Per change, first the item row's version and then its outbox rows: the same order in which a
     * writer locks them (row, then its trigger's outbox insert), so the two never deadlock.
     */
    @Override
    public void acknowledge(Collection<Acknowledgement> acknowledgements) {
        if (acknowledgements.isEmpty()) {
            return;
        }
        StoreLayout tables = layout.get();
        List<ItemChange> events = new ArrayList<>();
        transactions.run("acknowledge " + acknowledgements.size() + " changes", connection -> {
            events.clear();
            try (PreparedStatements statements = new PreparedStatements(connection)) {
                boolean anyHeld = HeldChanges.any(connection); // almost never: spares two look-ups per change
                for (Acknowledgement acknowledgement : acknowledgements) {
                    PendingChange change = acknowledgement.change();
                    Optional<ModelTable> table = tables.table(change.model());
                    if (table.isPresent()) {
                        setSyncMetadata(statements, table.get(), change.key(), acknowledgement.version(), change.hlc(), null);
                    }
                    removeAcknowledged(statements, change);
                    carryBaseForward(statements, change, acknowledgement.version());
                    if (anyHeld && table.isPresent()) {
                        HeldChanges.release(statements, table.get(), change.model(), change.key(), acknowledgement.version())
                                .ifPresent(events::add);
                    }
                }
                // The store's puts made since, for the next read, in a commit that is made anyway.
                CaptureJournal.expand(statements, CaptureJournal.EXPAND_BATCH);
            }
            return null;
        });
        notify(events);
    }

    /**
     * Records which cloud version the item's row now stands on, and that version's HLC and origin
     * ({@code null} origin: this device's own write). Not captured: only metadata columns change.
     */
    static void setSyncMetadata(PreparedStatements statements, ModelTable table, ItemKey key, long version, String hlc,
            String origin) throws SQLException {
        PreparedStatement update = statements.get(table.setSyncMetadataSql());
        update.setLong(1, version);
        update.setString(2, hlc);
        update.setString(3, origin);
        table.bindKey(update, 4, key);
        update.executeUpdate();
    }

    static void removeAcknowledged(PreparedStatements statements, PendingChange change) throws SQLException {
        PreparedStatement delete = statements.get("DELETE FROM " + Sql.OUTBOX + " WHERE "
                + OutboxRows.itemCondition(change.key()) + " AND SEQ <= ?");
        int index = OutboxRows.bindItem(delete, 1, change.model(), change.key());
        delete.setLong(index, change.sequence());
        delete.executeUpdate();
    }

    /** Later writes of the item still pending now build on the acknowledged version. */
    static void carryBaseForward(PreparedStatements statements, PendingChange change, long version)
            throws SQLException {
        PreparedStatement update = statements.get("UPDATE " + Sql.OUTBOX + " SET BASE = ? WHERE "
                + OutboxRows.itemCondition(change.key()) + " AND SEQ > ?");
        update.setLong(1, version);
        int index = OutboxRows.bindItem(update, 2, change.model(), change.key());
        update.setLong(index, change.sequence());
        update.executeUpdate();
    }

    @Override
    public long depth() {
        return transactions.run("count outbox rows", connection -> {
            try (PreparedStatement count = connection.prepareStatement(DEPTH); ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1) + CaptureJournal.entries(connection);
            }
        });
    }

    @Override
    public OptionalLong oldestCapturedAtMillis() {
        return transactions.run("read the oldest outbox row", connection -> {
            OptionalLong journal = CaptureJournal.oldestCapturedAtMillis(connection);
            try (PreparedStatement oldest = connection.prepareStatement(OLDEST_CAPTURE); ResultSet row = oldest.executeQuery()) {
                if (!row.next()) {
                    return journal;
                }
                long outbox = row.getTimestamp(1).getTime();
                return OptionalLong.of(journal.isPresent() ? Math.min(outbox, journal.getAsLong()) : outbox);
            }
        });
    }
}
