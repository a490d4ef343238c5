package dev.tether.store;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable list of local changes not yet acknowledged by the cloud, filled by SQL triggers in
 * the writer's transaction. Several writes to one item read as one pending change (coalescing).
 */
@ProviderType
public interface Outbox {

    /**
     * The oldest pending changes, one per item, in commit order of their latest write, each with
     * the item's current content.
     *
     * @param max at most this many changes
     * @param skip items to leave out (for example those already in flight)
     */
    List<PendingChange> pending(int max, Set<ItemRef> skip);

    /**
     * Persists the HLC timestamps the engine gave these changes, on the outbox row of each change's
     * {@link PendingChange#sequence() sequence}, so that a change resent after a restart carries the
     * same timestamp and the cloud recognises it as a duplicate.
     */
    void stamp(Collection<PendingChange> stamped);

    /**
     * Removes the captured writes the cloud acknowledged: for each change, the item's outbox rows up
     * to its {@link PendingChange#sequence() sequence}, and records the item's new cloud version,
     * all in one transaction. A write made after the change was read has a higher sequence and stays
     * pending. Recording the version is not itself captured as a change. Once an item has no pending
     * write left, a cloud change held for it by {@link Inbound#apply} that is not older than the
     * acknowledged version is applied in the same transaction, without echo.
     */
    void acknowledge(Collection<Acknowledgement> acknowledgements);

    /** The number of captured writes not yet acknowledged. */
    long depth();

    /**
     * When the oldest captured write not yet acknowledged was captured, by the device's wall clock
     * (epoch milliseconds); empty when the outbox is empty.
     */
    default OptionalLong oldestCapturedAtMillis() {
        return OptionalLong.empty();
    }

    /**
     * Sets a change aside: moves the item's outbox rows up to the change's sequence into the dead
     * letters, with the reason, in one transaction, so it stops blocking the changes behind it. A later
     * write of the item is captured as usual.
     *
     * @return the dead letter
     */
    DeadLetter deadLetter(PendingChange change, String reason);

    /** The changes set aside. */
    DeadLetters deadLetters();
}
