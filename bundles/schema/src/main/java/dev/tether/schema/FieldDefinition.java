package dev.tether.schema;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** One field of a model, with the schema attributes that govern its values. */
public final class FieldDefinition {

    private final String name;
    private final FieldType type;
    private final boolean required;
    private final Object defaultValue;
    private final List<Object> enumValues;
    private final Pattern validate;
    private final ValueTemplate value;
    private final Generator generate;
    private final boolean hidden;
    private final boolean ttl;
    private final boolean readonly;
    private final List<FieldDefinition> schema;

    FieldDefinition(String name, FieldType type, boolean required, Object defaultValue, List<Object> enumValues,
            Pattern validate, ValueTemplate value, Generator generate, boolean hidden, boolean ttl) {
        this(name, type, required, defaultValue, enumValues, validate, value, generate, hidden, ttl, false, List.of());
    }

    FieldDefinition(String name, FieldType type, boolean required, Object defaultValue, List<Object> enumValues,
            Pattern validate, ValueTemplate value, Generator generate, boolean hidden, boolean ttl, boolean readonly,
            List<FieldDefinition> schema) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.defaultValue = defaultValue;
        this.enumValues = List.copyOf(enumValues);
        this.validate = validate;
        this.value = value;
        this.generate = generate;
        this.hidden = hidden;
        this.ttl = ttl;
        this.readonly = readonly;
        this.schema = List.copyOf(schema);
    }

    FieldDefinition withDefault(Object value) {
        return new FieldDefinition(name, type, required, value, enumValues, validate, this.value, generate, hidden, ttl,
                readonly, schema);
    }

    static FieldDefinition timestamp(String name) {
        return new FieldDefinition(name, FieldType.DATE, false, null, List.of(), null, null, null, false, false);
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    public boolean required() {
        return required;
    }

    /** The value used when an item has none, already normalized to the field's type. */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The allowed values; empty when any value of the type is allowed. */
    public List<Object> enumValues() {
        return enumValues;
    }

    /** The {@code validate} regular expression; a value must contain a match (as JavaScript's {@code test}). */
    public Optional<Pattern> validate() {
        return Optional.ofNullable(validate);
    }

    /** The {@code value} template, e.g. {@code Reading#${deviceId}}. */
    public Optional<String> valueTemplate() {
        return Optional.ofNullable(value).map(ValueTemplate::source);
    }

    /** The fields the {@code value} template refers to, in order; empty without a template. */
    public List<String> templateFields() {
        return value == null ? List.of() : value.fieldNames();
    }

    public Optional<Generator> generate() {
        return Optional.ofNullable(generate);
    }

    public boolean hidden() {
        return hidden;
    }

    public boolean ttl() {
        return ttl;
    }

    /** Whether an update may not change the value once the item exists ({@code readonly}). */
    public boolean readonly() {
        return readonly;
    }

    /**
     * The nested fields of an {@code object} field, or of each element of an {@code array} field,
     * from the field's {@code schema} attribute; empty when the field has none (any content allowed).
     */
    public List<FieldDefinition> schema() {
        return schema;
    }

    ValueTemplate template() {
        return value;
    }

    @Override
    public String toString() {
        return name + ":" + type.schemaName();
    }
}
