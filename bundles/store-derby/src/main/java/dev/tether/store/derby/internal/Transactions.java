package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.tether.store.StoreException;
import dev.tether.store.StoreUnavailableException;

/**
 * Runs short transactions, each on its own connection (embedded Derby connections are cheap and
 * Derby caches compiled statements across connections, so there is no pool). Read committed; a
 * transaction chosen as a deadlock victim or refused a lock is retried after a short pause. Derby
 * also refuses a lock under contention on the outbox's identity sequence, which concurrent writers
 * meet now and then (SequenceUpdater's "too much contention").
 */
final class Transactions {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = System.getLogger(Transactions.class.getName());
    private static final int ATTEMPTS = 10;
    private static final long RETRY_PAUSE_MILLIS = 10;

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param what what the work does, for the error message
     * The work may run again after a deadlock, so it must not have effects outside the transaction.
     *
     * @throws StoreException if the work fails with an SQL error; other runtime exceptions pass unchanged
     */
    <T> T run(String what, Work<T> work) {
        return run(what, work, dataSource::getConnection);
    }

    /**
     * Like {@link #run}, on a connection whose writes the capture triggers skip ({@link
     * CaptureTriggers#UNCAPTURED_USER}): for applying cloud changes only.
     */
    <T> T runUncaptured(String what, Work<T> work) {
        return run(what, work, () -> dataSource.getConnection(CaptureTriggers.UNCAPTURED_USER, ""));
    }

    /**
     * Like {@link #run}, on a connection whose inserts and updates the capture triggers skip ({@link
     * CaptureTriggers#JOURNALED_USER}): for the store's own writes, which record them in the {@link
     * CaptureJournal} before they commit.
     */
    <T> T runJournaled(String what, Work<T> work) {
        return run(what, work, () -> dataSource.getConnection(CaptureTriggers.JOURNALED_USER, ""));
    }

    @FunctionalInterface
    private interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private <T> T run(String what, Work<T> work, ConnectionSource connections) {
        boolean interruptedBefore = Thread.currentThread().isInterrupted();
        for (int attempt = 1;; attempt++) {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SqlFailure e) {
                    connection.rollback();
                    throw e.getCause();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (isUnavailable(e)) {
                    if (!interruptedBefore) {
                        // Derby interrupts the threads working in it when its engine shuts down (the store
                        // bundle stopping); that interrupt is not the caller's, whose retry would die of it.
                        Thread.interrupted();
                    }
                    throw new StoreUnavailableException("local store: " + what + " failed: the database is not open ("
                            + e.getMessage() + ", SQLState " + e.getSQLState() + ")", e);
                }
                if (!isRetryable(e) || attempt == ATTEMPTS) {
                    throw new StoreException("local store: " + what + " failed: " + e.getMessage()
                            + " (SQLState " + e.getSQLState() + ")", e);
                }
                LOG.log(Level.DEBUG, "Retrying {0} after SQLState {1} (attempt {2})", what, e.getSQLState(), attempt);
                pause(attempt);
            }
        }
    }

    static boolean isRetryable(SQLException e) {
        return Sql.hasState(e, Sql.DEADLOCK) || Sql.hasState(e, Sql.LOCK_TIMEOUT) || Sql.hasState(e, Sql.SEQUENCE_CONTENTION);
    }

    /** Connection-class states (08xxx) and "database not found/booted" (XJ004, XJ040): the database is gone. */
    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("XJ004") || state.equals("XJ040")
                || state.equals("XJ015"));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt + ThreadLocalRandom.current().nextLong(RETRY_PAUSE_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("local store: interrupted while retrying", e);
        }
    }
}
