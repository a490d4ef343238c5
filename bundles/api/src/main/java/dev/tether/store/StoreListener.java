package dev.tether.store;

import java.util.List;

/**
 * Told about committed changes, after the commit, on the committing thread; keep it short (hand
 * slow work to an executor). Writes made with plain SQL are not seen here (only by the outbox).
 * An exception thrown by a listener is logged and does not affect the write or other listeners.
 */
@FunctionalInterface
public interface StoreListener {

    /** The changes of one committed transaction, in the order they were made. */
    void committed(List<ItemChange> changes);
}
