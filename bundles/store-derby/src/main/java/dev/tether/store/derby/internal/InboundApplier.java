package dev.tether.store.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.store.Acknowledgement;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.Inbound;
import dev.tether.store.ItemChange;
import dev.tether.store.ItemRef;
import dev.tether.store.LocalConflict;
import dev.tether.store.PendingChange;

/**
 * Applies cloud changes without echo: the apply's connection is one the capture triggers skip
 * ({@link Transactions#runUncaptured}). Nothing marks the row, so the next write of the item by anyone
 * is captured as usual. Per change the apply first takes the item row's lock (for a put of an item
 * without a row: inserts it, which waits for a local delete of it in progress), then moves the capture
 * journal into the outbox: a local writer of the item has then committed and its capture is visible,
 * and a later one waits for the apply. Items with outbox rows (unacknowledged local work) are skipped
 * (the insert rolled back); a row created since the look is never overwritten. A skipped change is
 * held until that work is acknowledged ({@link HeldChanges}). A cloud winner written while settling a
 * conflict, and a held change written on an acknowledgement, lock the item with {@link #lockItem}, go
 * through the capture triggers like any write, and their outbox rows are deleted in the same
 * transaction.
 */
final class InboundApplier implements Inbound {

    /** Tries at applying a change to an item with no row, which a local create can race. */
    private static final int NEW_ROW_ATTEMPTS = 3;

    private final Transactions transactions;
    private final Supplier<StoreLayout> layout;
    private final Consumer<List<ItemChange>> committed;
    private final SyncState syncState;
    private final DerbyConflictLog conflictLog;

    InboundApplier(Transactions transactions, Supplier<StoreLayout> layout, Consumer<List<ItemChange>> committed) {
        this.transactions = transactions;
        this.layout = layout;
        this.committed = committed;
        this.syncState = new SyncState(transactions);
        this.conflictLog = new DerbyConflictLog(transactions);
    }

    @Override
    public ApplyResult apply(List<CloudChange> changes, Map<String, String> stateUpdates) {
        StoreLayout tables = layout.get();
        List<ItemChange> events = new ArrayList<>();
        CaptureJournal.expandAll(transactions); // most of it; what comes meanwhile is moved per item below
        ApplyResult result = transactions.runUncaptured("apply " + changes.size() + " cloud changes", connection -> {
            events.clear();
            Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            try (PreparedStatements statements = new PreparedStatements(connection)) {
                for (CloudChange change : changes) {
                    Optional<ModelTable> table = tables.table(change.model());
                    if (table.isEmpty()) {
                        outcome.rejected().add(new ApplyResult.Rejection(change.ref(), "model '" + change.model()
                                + "' has no table on the device"));
                        continue;
                    }
                    applyOne(statements, table.get(), change, outcome, events);
                }
            }
            syncState.put(connection, stateUpdates);
            return new ApplyResult(outcome.applied(), outcome.pendingLocal(), outcome.stale(), outcome.rejected());
        });
        if (!events.isEmpty()) {
            committed.accept(List.copyOf(events));
        }
        return result;
    }

    private record Outcome(List<ItemRef> applied, List<ItemRef> pendingLocal, List<ItemRef> stale,
            List<ApplyResult.Rejection> rejected) {
    }

    private static void applyOne(PreparedStatements statements, ModelTable table, CloudChange change, Outcome outcome,
            List<ItemChange> events) throws SQLException {
        Connection connection = statements.connection();
        for (int attempt = 1;; attempt++) {
            boolean rowExists = lockRow(statements, table, change.key());
            Savepoint before = connection.setSavepoint();
            try {
                // Without a row, a put inserts first: the insert waits for a local writer deleting the key,
                // which the row lock does not see (the look-up lockItem makes for the rarer callers).
                ItemChange inserted = !rowExists && change.op() == Op.PUT ? writeLocked(statements, table, change, false)
                        : null;
                CaptureJournal.expand(statements, Integer.MAX_VALUE);
                if (OutboxRows.exist(statements, change.model(), change.key())) {
                    connection.rollback(before);
                    HeldChanges.hold(connection, change);
                    outcome.pendingLocal().add(change.ref());
                } else if (rowExists && isStale(statements, table, change)) {
                    outcome.stale().add(change.ref());
                } else {
                    // not captured: nothing to delete
                    events.add(inserted != null ? inserted : writeLocked(statements, table, change, rowExists));
                    outcome.applied().add(change.ref());
                }
                // Derby looks savepoints up in a list: kept, they made a page's apply quadratic
                connection.releaseSavepoint(before);
                return;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException sql && Transactions.isRetryable(sql)) {
                    throw sql;
                }
                connection.rollback(before);
                connection.releaseSavepoint(before);
                if (!createdSinceTheLock(rowExists, e) || attempt == NEW_ROW_ATTEMPTS) {
                    outcome.rejected().add(new ApplyResult.Rejection(change.ref(), "cannot store the item: " + e.getMessage()));
                    return;
                }
            }
        }
    }

    /** Whether a write after {@link #lockItem} found no row failed because a local writer created it since. */
    static boolean createdSinceTheLock(boolean rowExists, Exception e) {
        return !rowExists && e instanceof SQLException sql && Sql.hasState(sql, Sql.DUPLICATE_KEY);
    }

    /**
     * Makes sure no other transaction is writing the item: takes its row's write lock, or, without a
     * row, inserts its key and rolls that back:
     * the insert waits for a writer deleting the key, which a look-up of the row does not. A local
     * writer of the item has then committed, and its capture is in the outbox or the capture journal.
     * An existing row stays locked; a missing one can still be created by a writer from then on, which
     * {@link #writeLocked} does not overwrite.
     *
     * @return whether the row exists
     */
    static boolean lockItem(PreparedStatements statements, ModelTable table, ItemKey key) throws SQLException {
        Connection connection = statements.connection();
        for (int attempt = 1;; attempt++) {
            if (lockRow(statements, table, key)) {
                return true;
            }
            Savepoint probe = connection.setSavepoint();
            boolean created;
            try {
                PreparedStatement insert = statements.get(table.probeSql());
                table.bindKey(insert, 1, key);
                insert.executeUpdate();
                created = false;
            } catch (SQLException e) {
                // A deadlock victim's transaction is rolled back already, savepoint and all: rethrown as it is.
                if (!Sql.hasState(e, Sql.DUPLICATE_KEY) || attempt == NEW_ROW_ATTEMPTS) {
                    throw e;
                }
                created = true; // by a writer that committed meanwhile: lock that row
            }
            connection.rollback(probe);
            connection.releaseSavepoint(probe);
            if (!created) {
                return false;
            }
        }
    }

    /** Takes the row's write lock (an update of a metadata column to itself, not captured) if it has a row. */
    private static boolean lockRow(PreparedStatements statements, ModelTable table, ItemKey key) throws SQLException {
        PreparedStatement lock = statements.get(table.lockSql());
        table.bindKey(lock, 1, key);
        return lock.executeUpdate() > 0;
    }

    /**
     * Writes a cloud change of an item locked with {@link #lockItem}. Without a row, a put only inserts
     * (failing with a duplicate key if a local writer created the item since) and a delete deletes
     * nothing.
     */
    static ItemChange writeLocked(PreparedStatements statements, ModelTable table, CloudChange change, boolean rowExists)
            throws SQLException {
        if (rowExists) {
            return write(statements, table, change, true);
        }
        if (change.op() == Op.DELETE) {
            return new ItemChange(change.model(), change.key(), ItemChange.Kind.REMOVED, null, true);
        }
        return write(statements, table, change, false);
    }

    /**
     * Older than the row's version. The same version is applied again: a late copy of the device's
     * write, acknowledged as a duplicate with the item's current version, gives the row that version
     * while it still holds the device's older content, and that version's change may come after.
     */
    private static boolean isStale(PreparedStatements statements, ModelTable table, CloudChange change)
            throws SQLException {
        Long version = rowVersion(statements, table, change.key());
        return version != null && version > change.version();
    }

    /** The cloud version the item's row holds; {@code null} without a row or a version. */
    static Long rowVersion(PreparedStatements statements, ModelTable table, ItemKey key) throws SQLException {
        PreparedStatement select = statements.get(table.selectSql());
        table.bindKey(select, 1, key);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? table.readVersion(row) : null;
        }
    }

    /** Writes a cloud change with its version, HLC and origin (the caller removes the outbox rows it makes). */
    private static ItemChange write(PreparedStatements statements, ModelTable table, CloudChange change,
            boolean rowMayExist) throws SQLException {
        ItemKey key = change.key();
        if (change.op() == Op.DELETE) {
            PreparedStatement delete = statements.get(table.deleteSql());
            table.bindKey(delete, 1, key);
            delete.executeUpdate();
            return new ItemChange(change.model(), key, ItemChange.Kind.REMOVED, null, true);
        }
        Map<String, Object> item = new LinkedHashMap<>(change.item());
        item.put(table.model().hashKey(), key.pk());
        table.model().sortKey().ifPresent(sort -> item.put(sort, key.sk()));
        boolean existed = false;
        if (rowMayExist) {
            PreparedStatement update = statements.get(table.replaceSql());
            table.bindUpdate(update, item, key);
            existed = update.executeUpdate() > 0;
        }
        if (!existed) {
            PreparedStatement insert = statements.get(table.insertSql());
            table.bindInsert(insert, item);
            insert.executeUpdate();
        }
        PreparedStatement metadata = statements.get(table.setSyncMetadataSql());
        metadata.setLong(1, change.version());
        metadata.setString(2, change.hlc());
        metadata.setString(3, change.origin());
        table.bindKey(metadata, 4, key);
        metadata.executeUpdate();
        Map<String, Object> stored = new LinkedHashMap<>();
        table.columns().forEach(column -> {
            if (item.get(column.field()) != null) {
                stored.put(column.field(), item.get(column.field()));
            }
        });
        return new ItemChange(change.model(), key, existed ? ItemChange.Kind.UPDATED : ItemChange.Kind.CREATED, stored, true);
    }

    @Override
    public void settleConflict(Acknowledgement acknowledgement, CloudChange cloudWinner) {
        PendingChange change = acknowledgement.change();
        long version = acknowledgement.version();
        Optional<ModelTable> table = layout.get().table(change.model());
        List<ItemChange> events = new ArrayList<>();
        transactions.run("settle the conflict of " + change.model() + " " + change.key(), connection -> {
            events.clear();
            try (PreparedStatements statements = new PreparedStatements(connection)) {
                boolean rowExists = table.isPresent() && lockItem(statements, table.get(), change.key());
                CaptureJournal.expand(statements, Integer.MAX_VALUE);
                DerbyOutbox.removeAcknowledged(statements, change);
                DerbyOutbox.carryBaseForward(statements, change, version);
                boolean writtenSince = OutboxRows.exist(statements, change.model(), change.key());
                if (table.isPresent()) {
                    if (cloudWinner != null && !writtenSince) {
                        events.add(writeLocked(statements, table.get(), cloudWinner, rowExists));
                        OutboxRows.deleteAll(connection, change.model(), change.key());
                    } else if (cloudWinner != null) {
                        DerbyOutbox.setSyncMetadata(statements, table.get(), change.key(), version, cloudWinner.hlc(),
                                cloudWinner.origin());
                    } else {
                        DerbyOutbox.setSyncMetadata(statements, table.get(), change.key(), version, change.hlc(), null);
                    }
                    HeldChanges.release(statements, table.get(), change.model(), change.key(), version)
                            .ifPresent(events::add);
                }
            }
            Map<String, Object> winner = cloudWinner == null ? change.item() : cloudWinner.item();
            conflictLog.record(connection, Instant.now(), change, cloudWinner == null, winner, version);
            return null;
        });
        if (!events.isEmpty()) {
            committed.accept(List.copyOf(events));
        }
    }

    @Override
    public List<LocalConflict> conflicts(int max) {
        return conflictLog.newestFirst(max);
    }

    @Override
    public long conflictCount() {
        return conflictLog.count();
    }

    @Override
    public Optional<String> syncState(String name) {
        return syncState.get(name);
    }

    @Override
    public Map<String, String> syncState() {
        return syncState.all();
    }

    @Override
    public void updateSyncState(Map<String, String> entries) {
        transactions.run("update sync state", connection -> {
            syncState.put(connection, entries);
            return null;
        });
    }
}
