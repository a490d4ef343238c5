package dev.tether.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.protocol.ItemKey;
import dev.tether.store.ValidationException;

/** A model of the schema: its fields, key attributes, where it exists and which way it syncs. */
public final class ModelDefinition {

    private final String name;
    private final Map<String, FieldDefinition> fields;
    private final String hashKey;
    private final String sortKey;
    private final Enablement enable;
    private final SyncDirection sync;
    private final String deviceField;
    private final String createdField;
    private final String updatedField;
    private final List<IndexDefinition> secondaryIndexes;
    private final ItemPreparer preparer;

    ModelDefinition(String name, List<FieldDefinition> fields, String hashKey, String sortKey, Enablement enable,
            SyncDirection sync, String deviceField, String createdField, String updatedField,
            List<IndexDefinition> secondaryIndexes, boolean isoDates, UlidGenerator ulids) {
        this.name = name;
        Map<String, FieldDefinition> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        this.fields = Collections.unmodifiableMap(byName);
        this.hashKey = hashKey;
        this.sortKey = sortKey;
        this.enable = enable;
        this.sync = sync;
        this.deviceField = deviceField;
        this.createdField = createdField;
        this.updatedField = updatedField;
        this.secondaryIndexes = List.copyOf(secondaryIndexes);
        this.preparer = new ItemPreparer(this, isoDates, ulids);
    }

    public String name() {
        return name;
    }

    /** The fields in schema order, including the {@code created}/{@code updated} timestamps if enabled. */
    public List<FieldDefinition> fields() {
        return new ArrayList<>(fields.values());
    }

    public Optional<FieldDefinition> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /** The attribute holding the hash key, from {@code indexes.primary.hash}. */
    public String hashKey() {
        return hashKey;
    }

    /** The attribute holding the sort key, if the primary index has one and this model defines it. */
    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /** The hash key attribute, then the sort key attribute if any. */
    public List<String> keyAttributes() {
        return sortKey == null ? List.of(hashKey) : List.of(hashKey, sortKey);
    }

    public Enablement enable() {
        return enable;
    }

    public SyncDirection sync() {
        return sync;
    }

    /** Whether items of this model belong to one device (the model has the device field) or are shared. */
    public boolean deviceScoped() {
        return deviceField != null;
    }

    /** The field naming the owning device; empty for a shared model. */
    public Optional<String> deviceField() {
        return Optional.ofNullable(deviceField);
    }

    public boolean existsOnDevice() {
        return enable != Enablement.CLOUD;
    }

    public boolean existsInCloud() {
        return enable != Enablement.DEVICE;
    }

    /** Whether device writes replicate to the cloud ({@code sync} up or both). */
    public boolean syncsUp() {
        return sync == SyncDirection.UP || sync == SyncDirection.BOTH;
    }

    /** Whether cloud writes replicate to devices ({@code sync} down or both). */
    public boolean syncsDown() {
        return sync == SyncDirection.DOWN || sync == SyncDirection.BOTH;
    }

    /** The field stamped with the creation time, if the schema enables {@code timestamps}. */
    public Optional<String> createdField() {
        return Optional.ofNullable(createdField);
    }

    /** The field stamped with the time of each write, if the schema enables {@code timestamps}. */
    public Optional<String> updatedField() {
        return Optional.ofNullable(updatedField);
    }

    /** The non-primary indexes whose attributes this model has. */
    public List<IndexDefinition> secondaryIndexes() {
        return secondaryIndexes;
    }

    /** Same as {@link #prepare(Map, Instant)} at the current time. */
    public Map<String, Object> prepare(Map<String, Object> item) {
        return prepare(item, Instant.now());
    }

    /**
     * Makes an item ready to store: applies defaults, generated ids and timestamps, computes the
     * {@code value} templates (key attributes among them), normalizes values (whole numbers as
     * {@link Long}, dates as ISO-8601 UTC text or epoch millis per {@code isoDates}) and checks
     * required, type, enum and validate rules.
     *
     * @return a new map in schema field order, without absent fields
     * @throws ValidationException listing every violation found, not only the first
     */
    public Map<String, Object> prepare(Map<String, Object> item, Instant now) {
        return preparer.prepare(item, now);
    }

    /**
     * The item key from either the key attributes themselves ({@code pk}, {@code sk}) or the fields
     * their templates are made of ({@code deviceId}, {@code id}); the templates win when both are given.
     *
     * @throws ValidationException if a key attribute can be neither read nor computed
     */
    public ItemKey keyOf(Map<String, Object> keyOrFields) {
        return preparer.keyOf(keyOrFields);
    }

    @Override
    public String toString() {
        return name + fields.values();
    }
}
