package dev.tether.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated OneTable-style schema with its {@code control} section. Immutable, except that it
 * owns the ULID generator its models use (monotonic per schema instance). Thread-safe.
 */
public final class Schema {

    /** The device field when {@code params.deviceField} names none. */
    public static final String DEFAULT_DEVICE_FIELD = "deviceId";

    private final String version;
    private final String format;
    private final String versionId;
    private final boolean isoDates;
    private final String deviceField;
    private final String typeField;
    private final boolean nulls;
    private final UnknownFields unknownFields;
    private final IndexDefinition primaryIndex;
    private final Map<String, ModelDefinition> models;

    Schema(String version, String format, String versionId, boolean isoDates, String deviceField, String typeField,
            boolean nulls, UnknownFields unknownFields, IndexDefinition primaryIndex, List<ModelDefinition> models) {
        this.version = version;
        this.format = format;
        this.versionId = versionId;
        this.isoDates = isoDates;
        this.deviceField = deviceField;
        this.typeField = typeField;
        this.nulls = nulls;
        this.unknownFields = unknownFields;
        this.primaryIndex = primaryIndex;
        Map<String, ModelDefinition> byName = new LinkedHashMap<>();
        models.forEach(model -> byName.put(model.name(), model));
        this.models = Collections.unmodifiableMap(byName);
    }

    /**
     * Parses and validates a schema.
     *
     * @throws SchemaException naming model, field and rule of every problem found
     */
    public static Schema parse(String json) {
        return new SchemaParser().parse(json);
    }

    /** The schema's {@code version}. */
    public String version() {
        return version;
    }

    /**
     * The content hash of this schema: 16 hex digits of the SHA-256 of its canonical form (keys
     * sorted, no white space, built-in models included). Equal for schemas that say the same thing
     * however they are laid out; sync messages carry it so both sides can tell they agree.
     *
     * @since 0.2
     */
    public String versionId() {
        return versionId;
    }

    /** The field holding the model name in every item ({@code params.typeField}); empty if not set. @since 0.2 */
    public Optional<String> typeField() {
        return Optional.ofNullable(typeField);
    }

    /** Whether an explicit {@code null} is stored as such ({@code params.nulls}) rather than removing the field. @since 0.2 */
    public boolean nulls() {
        return nulls;
    }

    /** What preparation does with attributes that are not fields ({@code params.unknownFields}). @since 0.2 */
    public UnknownFields unknownFields() {
        return unknownFields;
    }

    /** The schema's {@code format}, e.g. {@code onetable:1.1.0}; empty string if not given. */
    public String format() {
        return format;
    }

    /** Whether dates are stored as ISO-8601 text ({@code params.isoDates}, default true) or epoch millis. */
    public boolean isoDates() {
        return isoDates;
    }

    /** The name of the field that makes a model device-scoped. */
    public String deviceField() {
        return deviceField;
    }

    public IndexDefinition primaryIndex() {
        return primaryIndex;
    }

    /** The models in schema order. */
    public List<ModelDefinition> models() {
        return List.copyOf(models.values());
    }

    public Optional<ModelDefinition> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    @Override
    public String toString() {
        return "schema " + version + " (" + versionId + ") " + models.keySet();
    }
}
