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
    private final ModelOptions options;
    private final ItemPreparer preparer;

    ModelDefinition(String name, List<FieldDefinition> fields, String hashKey, String sortKey, Enablement enable,
            SyncDirection sync, String deviceField, String createdField, String updatedField,
            List<IndexDefinition> secondaryIndexes, ModelOptions options, UlidGenerator ulids) {
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
        this.options = options;
        this.preparer = new ItemPreparer(this, options, ulids);
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

    /** How the cloud settles conflicting writes to this model's items ({@code control.conflict}, default lww). @since 0.2 */
    public ConflictPolicy conflictPolicy() {
        return options.conflictPolicy();
    }

    /** Whether Tether blended this model in because the schema does not define it (e.g. {@code Command}). @since 0.2 */
    public boolean builtIn() {
        return options.builtIn();
    }

    /** The field marked {@code ttl}: the item's expiry time. @since 0.2 */
    public Optional<String> ttlField() {
        return fields.values().stream().filter(FieldDefinition::ttl).map(FieldDefinition::name).findFirst();
    }

    /** The item without its {@code hidden} fields, for showing to users. @since 0.2 */
    public Map<String, Object> withoutHidden(Map<String, Object> item) {
        Map<String, Object> visible = new LinkedHashMap<>(item);
        fields.values().stream().filter(FieldDefinition::hidden).forEach(field -> visible.remove(field.name()));
        return visible;
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
     * Prepares an item for a partial update: {@code changes} merged over the {@code stored} item
     * (a {@code null} in changes removes the field, unless {@code params.nulls} is true), then
     * prepared as by {@link #prepare(Map, Instant)}, so required fields are checked on the merged
     * item. The stored creation time is kept. Also refused: a change to a {@code readonly} field and
     * a change that would move the item to another key.
     *
     * @param stored the item as stored (as returned by an earlier prepare)
     * @since 0.2
     */
    public Map<String, Object> prepareUpdate(Map<String, Object> stored, Map<String, Object> changes, Instant now) {
        return preparer.prepareUpdate(stored, changes, now);
    }

    /**
     * Prepares an item that was written elsewhere and is applied here (e.g. from the cloud): as
     * {@link #prepare(Map, Instant)}, but the given {@code created} and {@code updated} times are
     * kept; {@code now} stamps only those that are missing.
     *
     * @since 0.2
     */
    public Map<String, Object> prepareReplica(Map<String, Object> item, Instant now) {
        return preparer.prepareReplica(item, now);
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
