package dev.tether.store;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's database of schema-defined items. Every committed write, whoever makes it, is
 * captured in the {@link #outbox() outbox} in the same transaction, so it is never lost to sync.
 *
 * <p>Items are JSON-like maps: strings, numbers ({@link Long} or {@link Double}), booleans, nested
 * maps and lists. Key attributes are computed from the model's {@code value} templates.
 */
@ProviderType
public interface LocalStore {

    /**
     * Creates or replaces an item.
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
    Optional<Map<String, Object>> get(String model, Map<String, Object> key);

    /** Removes an item; returns whether it existed. */
    boolean delete(String model, Map<String, Object> key);

    /** The captured changes waiting to be synced. */
    Outbox outbox();
}
