package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.DeadLetter;
import dev.tether.store.DeadLetters;
import dev.tether.store.ItemRef;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;

/**
 * The outbox table {@code TETHER.OUTBOX}, one row per captured write, filled by the capture
 * triggers. Pending changes are coalesced per item and ordered by the sequence of each item's
 * latest write, oldest first (the commit order of those writes: a write to an item waits for the
 * lock of the previous one, so an item's sequences follow its commits).
 *
 * <p>{@code BASE} keeps the cloud version known when a write was captured: a deleted item's row is
 * gone, and with it its {@code TETHER_VERSION}, so a delete (or a re-insert after it) takes its base
 * from there.
 */
final class DerbyOutbox implements Outbox {

    private static final Logger LOG = System.getLogger(DerbyOutbox.class.getName());

    // Two plain scans instead of "SEQ IN (SELECT MAX(SEQ) … GROUP BY …)": Derby evaluates such a
    // subquery again for every outer row, which makes reading a large outbox quadratic.
    private static final String LATEST_SEQUENCES = "SELECT MAX(SEQ) FROM " + Sql.OUTBOX + " GROUP BY MODEL, PK, SK";
    private static final String ALL_OLDEST_FIRST = "SELECT SEQ, MODEL, PK, SK, HLC, CAPTURED_AT FROM " + Sql.OUTBOX
            + " ORDER BY SEQ";
    private static final String STAMP = "UPDATE " + Sql.OUTBOX + " SET HLC = ? WHERE SEQ = ?";
    private static final String DEPTH = "SELECT COUNT(*) FROM " + Sql.OUTBOX;
    private static final String OLDEST_CAPTURE = "SELECT CAPTURED_AT FROM " + Sql.OUTBOX + " ORDER BY SEQ FETCH FIRST 1 ROWS ONLY";

    private final Transactions transactions;
    private final Supplier<StoreLayout> layout;
    private final DerbyDeadLetters deadLetters;

    DerbyOutbox(Transactions transactions, Supplier<StoreLayout> layout) {
        this.transactions = transactions;
        this.layout = layout;
        this.deadLetters = new DerbyDeadLetters(transactions);
    }

    @Override
    public DeadLetter deadLetter(PendingChange change, String reason) {
        DeadLetter letter = transactions.run("set aside " + change.model() + " " + change.key(),
                connection -> deadLetters.setAside(connection, change, reason, Instant.now()));
        LOG.log(Level.WARNING, "Set aside {0} {1} as dead letter {2}: {3}", change.model(), change.key(), letter.id(), reason);
        return letter;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public List<PendingChange> pending(int max, Set<ItemRef> skip) {
        if (max <= 0) {
            return List.of();
        }
        StoreLayout tables = layout.get();
        return transactions.run("read pending changes", connection -> {
            List<PendingChange> changes = new ArrayList<>();
            Set<Long> latestOfItems = new HashSet<>();
            try (PreparedStatement latest = connection.prepareStatement(LATEST_SEQUENCES);
                    ResultSet rows = latest.executeQuery()) {
                while (rows.next()) {
                    latestOfItems.add(rows.getLong(1));
                }
            }
            try (PreparedStatement all = connection.prepareStatement(ALL_OLDEST_FIRST);
                    ResultSet rows = all.executeQuery()) {
                while (changes.size() < max && rows.next()) {
                    long sequence = rows.getLong(1);
                    if (!latestOfItems.contains(sequence)) {
                        continue;
                    }
                    String model = rows.getString(2);
                    ItemKey key = new ItemKey(rows.getString(3), rows.getString(4));
                    if (skip.contains(new ItemRef(model, key))) {
                        continue;
                    }
                    Optional<ModelTable> table = tables.table(model).filter(candidate -> candidate.model().syncsUp());
                    if (table.isEmpty()) {
                        LOG.log(Level.DEBUG, "Outbox row {0} of model {1} left alone: the model no longer syncs up",
                                sequence, model);
                        continue;
                    }
                    changes.add(change(connection, table.get(), sequence, key, rows.getString(5),
                            rows.getTimestamp(6).getTime()));
                }
            }
            return changes;
        });
    }

    private PendingChange change(Connection connection, ModelTable table, long sequence, ItemKey key, String hlc,
            long capturedAtMillis) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(table.selectSql())) {
            table.bindKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    Map<String, Object> item = table.readItem(row);
                    Long version = table.readVersion(row);
                    Long base = version != null ? version : capturedBase(connection, table.model().name(), key);
                    return new PendingChange(sequence, table.model().name(), key, Op.PUT, item, base, hlc, capturedAtMillis);
                }
            }
        }
        return new PendingChange(sequence, table.model().name(), key, Op.DELETE, null,
                capturedBase(connection, table.model().name(), key), hlc, capturedAtMillis);
    }

    /** The latest cloud version recorded on the item's outbox rows, {@code null} if none. */
    private static Long capturedBase(Connection connection, String model, ItemKey key) throws SQLException {
        String sql = "SELECT BASE FROM " + Sql.OUTBOX + " WHERE " + OutboxRows.itemCondition(key)
                + " AND BASE IS NOT NULL ORDER BY SEQ DESC FETCH FIRST ROW ONLY";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            OutboxRows.bindItem(select, 1, model, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
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
        transactions.run("acknowledge " + acknowledgements.size() + " changes", connection -> {
            for (Acknowledgement acknowledgement : acknowledgements) {
                PendingChange change = acknowledgement.change();
                Optional<ModelTable> table = tables.table(change.model());
                if (table.isPresent()) {
                    setVersion(connection, table.get(), change.key(), acknowledgement.version());
                }
                removeAcknowledged(connection, change);
                carryBaseForward(connection, change, acknowledgement.version());
            }
            return null;
        });
    }

    static void setVersion(Connection connection, ModelTable table, ItemKey key, long version)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(table.setVersionSql())) {
            update.setLong(1, version);
            table.bindKey(update, 2, key);
            update.executeUpdate();
        }
    }

    static void removeAcknowledged(Connection connection, PendingChange change) throws SQLException {
        String sql = "DELETE FROM " + Sql.OUTBOX + " WHERE " + OutboxRows.itemCondition(change.key()) + " AND SEQ <= ?";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            int index = OutboxRows.bindItem(delete, 1, change.model(), change.key());
            delete.setLong(index, change.sequence());
            delete.executeUpdate();
        }
    }

    /** Later writes of the item still pending now build on the acknowledged version. */
    static void carryBaseForward(Connection connection, PendingChange change, long version)
            throws SQLException {
        String sql = "UPDATE " + Sql.OUTBOX + " SET BASE = ? WHERE " + OutboxRows.itemCondition(change.key()) + " AND SEQ > ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, version);
            int index = OutboxRows.bindItem(update, 2, change.model(), change.key());
            update.setLong(index, change.sequence());
            update.executeUpdate();
        }
    }

    @Override
    public long depth() {
        return transactions.run("count outbox rows", connection -> {
            try (PreparedStatement count = connection.prepareStatement(DEPTH); ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Override
    public OptionalLong oldestCapturedAtMillis() {
        return transactions.run("read the oldest outbox row", connection -> {
            try (PreparedStatement oldest = connection.prepareStatement(OLDEST_CAPTURE); ResultSet row = oldest.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getTimestamp(1).getTime()) : OptionalLong.empty();
            }
        });
    }
}
