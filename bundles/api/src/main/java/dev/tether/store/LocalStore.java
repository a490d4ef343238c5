package dev.tether.store;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's database of schema-defined items. Every committed write, whoever makes it, is
 * captured in the {@link #outbox() outbox} in the same transaction, so it is never lost to sync.
 * Each method is one transaction unless run inside {@link #transaction}.
 *
 * <p>Items are JSON-like maps: strings, numbers ({@link Long} or {@link Double}), booleans, nested
 * maps and lists. Key attributes are computed from the model's {@code value} templates.
 */
@ProviderType
public interface LocalStore extends ItemWriter {

    /**
     * Creates or replaces an item; the same as {@link #upsert}.
     *
     * @return the stored item, with its computed key attributes and defaults
     * @throws UnknownModelException if the model does not exist on the device
     * @throws ValidationException if the item breaks the schema
     * @throws StoreException if the store cannot commit
     */
    Map<String, Object> put(String model, Map<String, Object> item);

    /**
     * Reads an item by its key: either the key attributes themselves or the fields its key
     * templates are made of.
     */
    @Override
    Optional<Map<String, Object>> get(String model, Map<String, Object> key);

    /** Removes an item; returns whether it existed. The same as {@code remove(model, key, null)}. */
    boolean delete(String model, Map<String, Object> key);

    /** One page of the items the query matches. */
    Page find(Query query);

    /** How many items the query matches (its limit and cursor are ignored). */
    long count(Query query);

    /**
     * Runs several reads and writes in one transaction: all writes commit, or none does if the work
     * throws. Listeners hear of them after the commit.
     *
     * @return what the work returned
     */
    <T> T transaction(TransactionWork<T> work);

    /**
     * Registers a listener for committed changes of one model ({@code null}: of every model).
     * Close the registration to stop.
     */
    Registration subscribe(String model, StoreListener listener);

    /** The captured changes waiting to be synced. */
    Outbox outbox();

    /** Where the replication engine applies cloud changes and keeps its durable state. */
    Inbound inbound();
}
