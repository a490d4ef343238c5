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
    private final boolean isoDates;
    private final String deviceField;
    private final IndexDefinition primaryIndex;
    private final Map<String, ModelDefinition> models;

    Schema(String version, String format, boolean isoDates, String deviceField, IndexDefinition primaryIndex,
            List<ModelDefinition> models) {
        this.version = version;
        this.format = format;
        this.isoDates = isoDates;
        this.deviceField = deviceField;
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
        return "schema " + version + " " + models.keySet();
    }
}
