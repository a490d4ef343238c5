package dev.tether.store;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The item operations, alike on the store (each its own transaction) and inside a
 * {@link LocalStore#transaction transaction}. Items are JSON-like maps: strings, numbers
 * ({@link Long} or {@link Double}), booleans, nested maps and lists. A key is given as the key
 * attributes ({@code pk}, {@code sk}) or as the fields their templates are made of
 * ({@code deviceId}, {@code id}).
 *
 * <p>Every write may throw {@link UnknownModelException}, {@link ValidationException} (listing every
 * violation), {@link StoreUnavailableException} or {@link StoreException}.
 */
@ProviderType
public interface ItemWriter {

    /**
     * Creates an item that does not exist yet.
     *
     * @return the stored item, with computed key attributes, generated ids, defaults and timestamps
     * @throws DuplicateKeyException if an item with that key exists
     */
    Map<String, Object> create(String model, Map<String, Object> item);

    /** Reads an item; an expired item ({@code ttl} passed) is not returned. */
    Optional<Map<String, Object>> get(String model, Map<String, Object> key);

    /**
     * Changes some fields of an existing item and validates the result against the schema.
     *
     * @param condition what must hold first, or {@code null} for only "the item exists"
     * @return the item as stored now
     * @throws ConditionFailedException if the item does not exist or the condition does not hold
     */
    Map<String, Object> update(String model, Map<String, Object> key, Update update, Condition condition);

    /** Creates the item or replaces it whole (a replace keeps the stored {@code created} time). */
    Map<String, Object> upsert(String model, Map<String, Object> item);

    /**
     * Removes an item.
     *
     * @param condition what must hold first, or {@code null} for none
     * @return whether it existed (without a condition; with one, a missing item fails it)
     * @throws ConditionFailedException if the condition does not hold
     */
    boolean remove(String model, Map<String, Object> key, Condition condition);
}
