package dev.tether.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.ToNumberPolicy;

/**
 * Reads a schema document and checks it, collecting every problem before refusing it. One parser
 * per document: it keeps the problems found so far.
 */
final class SchemaParser {

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("format", "version", "indexes", "models", "params", "control", "process");
    private static final Set<String> PARAM_KEYS = Set.of("isoDates", "timestamps", "deviceField", "typeField",
            "createdField", "updatedField", "nulls", "unknownFields");
    private static final Set<String> INDEX_KEYS = Set.of("hash", "sort", "project", "type");
    private static final Set<String> FIELD_KEYS = Set.of("type", "required", "default", "enum", "validate", "value",
            "generate", "hidden", "ttl", "readonly", "schema");
    private static final Set<String> NESTED_FIELD_KEYS = Set.of("type", "required", "default", "enum", "validate",
            "schema");
    private static final Set<String> CONTROL_KEYS = Set.of("enable", "sync", "conflict");
    private static final Set<String> FORMATS = Set.of("onetable:1.1.0", "onetable:1.0.0");
    /** Model and field names become SQL table and column names on the device. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String RESERVED_PREFIX = "tether_";
    private static final String CREATED = "created";
    private static final String UPDATED = "updated";
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    /** {@code created} and {@code updated} are the timestamp field names, {@code null} when not stamped. */
    private record Params(boolean isoDates, String created, String updated, String deviceField, String typeField,
            boolean nulls, UnknownFields unknownFields) {
    }

    private final List<SchemaProblem> problems = new ArrayList<>();

    Schema parse(String json) {
        JsonObject root = parseRoot(json);
        checkKeys(root, TOP_LEVEL_KEYS, null, null, "schema");
        String version = string(root, "version", null, null, "version", true);
        if (version != null && version.isBlank()) {
            problem(null, null, "version", "'version' must not be empty");
        }
        String format = string(root, "format", null, null, "format", false);
        if (format != null && !FORMATS.contains(format)) {
            problem(null, null, "format", "unsupported format '" + format + "'; expected onetable:1.1.0 (or onetable:1.0.0)");
        }
        Params params = parseParams(root.get("params"));
        Map<String, IndexDefinition> indexes = parseIndexes(root.get("indexes"));
        JsonObject models = object(root.get("models"), null, null, "models", true).deepCopy();
        JsonObject controls = controlSection(root).deepCopy();
        IndexDefinition primary = indexes.get(IndexDefinition.PRIMARY);
        boolean commandBuiltIn = primary != null
                && BuiltInModels.blend(models, controls, primary.hash(), primary.sort(), params.deviceField());
        checkControlTargets(controls, models);
        checkModelNames(models);

        UlidGenerator ulids = new UlidGenerator();
        List<ModelDefinition> definitions = new ArrayList<>();
        for (Map.Entry<String, JsonElement> model : models.entrySet()) {
            boolean builtIn = commandBuiltIn && model.getKey().equals(BuiltInModels.COMMAND);
            parseModel(model.getKey(), model.getValue(), params, indexes, controls.get(model.getKey()), builtIn, ulids)
                    .ifPresent(definitions::add);
        }
        if (!problems.isEmpty()) {
            throw new SchemaException(problems);
        }
        JsonObject effective = root.deepCopy();
        effective.remove("process");
        effective.add("models", models);
        effective.add("control", controls);
        return new Schema(version, format == null ? "" : format, CanonicalJson.versionId(effective), params.isoDates(),
                params.deviceField(), params.typeField(), params.nulls(), params.unknownFields(), primary, definitions);
    }

    /** The {@code control} section, or {@code process}, the name newer OneTable-based tools use for it. */
    private JsonObject controlSection(JsonObject root) {
        if (root.has("control") && root.has("process")) {
            problem(null, null, "control", "give either 'control' or its synonym 'process', not both");
        }
        String name = root.has("process") ? "process" : "control";
        return object(root.get(name), null, null, name, false);
    }

    private JsonObject parseRoot(String json) {
        try {
            JsonElement root = json == null ? null : JsonParser.parseString(json);
            if (root != null && root.isJsonObject()) {
                return root.getAsJsonObject();
            }
            throw new SchemaException(List.of(new SchemaProblem(null, null, "json", "the schema must be a JSON object")));
        } catch (JsonParseException e) {
            throw new SchemaException(new SchemaProblem(null, null, "json", "not valid JSON: " + e.getMessage()), e);
        }
    }

    private Params parseParams(JsonElement element) {
        JsonObject params = object(element, null, null, "params", false);
        checkKeys(params, PARAM_KEYS, null, null, "params");
        boolean isoDates = bool(params, "isoDates", null, null, "params.isoDates", true);
        boolean nulls = bool(params, "nulls", null, null, "params.nulls", false);
        boolean created = false;
        boolean updated = false;
        JsonElement timestamps = params.get("timestamps");
        if (timestamps != null && !timestamps.isJsonNull()) {
            String value = timestamps.isJsonPrimitive() ? timestamps.getAsString().toLowerCase(Locale.ROOT) : "";
            switch (value) {
                case "true" -> { created = true; updated = true; }
                case "create" -> created = true;
                case "update" -> updated = true;
                case "false" -> { }
                default -> problem(null, null, "params.timestamps", "must be true, false, 'create' or 'update'");
            }
        }
        String deviceField = fieldNameParam(params, "deviceField", Schema.DEFAULT_DEVICE_FIELD);
        String createdField = fieldNameParam(params, "createdField", CREATED);
        String updatedField = fieldNameParam(params, "updatedField", UPDATED);
        if (created && updated && createdField.equalsIgnoreCase(updatedField)) {
            problem(null, null, "params.updatedField", "the created and updated timestamps need different fields,"
                    + " both are '" + createdField + "'");
        }
        String typeField = fieldNameParam(params, "typeField", null);
        String unknownFieldsName = string(params, "unknownFields", null, null, "params.unknownFields", false);
        UnknownFields unknownFields = unknownFieldsName == null ? UnknownFields.REJECT
                : UnknownFields.fromSchemaName(unknownFieldsName).orElse(null);
        if (unknownFields == null) {
            problem(null, null, "params.unknownFields", "unknown value '" + unknownFieldsName
                    + "'; expected reject or strip");
            unknownFields = UnknownFields.REJECT;
        }
        return new Params(isoDates, created ? createdField : null, updated ? updatedField : null, deviceField,
                typeField, nulls, unknownFields);
    }

    private String fieldNameParam(JsonObject params, String key, String fallback) {
        String name = string(params, key, null, null, "params." + key, false);
        if (name == null) {
            return fallback;
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            problem(null, null, "params." + key, "'" + name + "' is not a field name: letters, digits and '_',"
                    + " starting with a letter");
            return fallback;
        }
        return name;
    }

    private Map<String, IndexDefinition> parseIndexes(JsonElement element) {
        JsonObject indexes = object(element, null, null, "indexes", true);
        Map<String, IndexDefinition> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : indexes.entrySet()) {
            String rule = "indexes." + entry.getKey();
            JsonObject index = object(entry.getValue(), null, null, rule, true);
            checkKeys(index, INDEX_KEYS, null, null, rule);
            String hash = string(index, "hash", null, null, rule + ".hash", true);
            String sort = string(index, "sort", null, null, rule + ".sort", false);
            checkProjection(index.get("project"), rule + ".project");
            String type = string(index, "type", null, null, rule + ".type", false);
            if (type != null && !type.equals("local") && !type.equals("global")) {
                problem(null, null, rule + ".type", "unknown index type '" + type + "'; expected local or global");
            }
            if (hash != null) {
                result.put(entry.getKey(), new IndexDefinition(entry.getKey(), hash, sort));
            }
        }
        if (!indexes.has(IndexDefinition.PRIMARY)) {
            problem(null, null, "indexes.primary", "the schema needs a primary index, e.g. {\"hash\": \"pk\", \"sort\": \"sk\"}");
        }
        return result;
    }

    private void checkProjection(JsonElement project, String rule) {
        if (project == null || project.isJsonNull()) {
            return;
        }
        boolean named = project.isJsonPrimitive() && Set.of("all", "keys").contains(project.getAsString());
        boolean listed = project.isJsonArray() && project.getAsJsonArray().asList().stream()
                .allMatch(element -> element.isJsonPrimitive() && element.getAsJsonPrimitive().isString());
        if (!named && !listed) {
            problem(null, null, rule, "must be 'all', 'keys' or an array of attribute names");
        }
    }

    private void checkControlTargets(JsonObject controls, JsonObject models) {
        for (String name : controls.keySet()) {
            if (!models.has(name)) {
                problem(name, null, "control", "control names a model that the schema does not define");
            }
        }
    }

    private void checkModelNames(JsonObject models) {
        Map<String, String> byLowerCase = new HashMap<>();
        for (String name : models.keySet()) {
            if (!IDENTIFIER.matcher(name).matches()) {
                problem(name, null, "name", "a model name must be letters, digits and '_', starting with a letter"
                        + " (it names an SQL table)");
            }
            String other = byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (other != null) {
                problem(name, null, "name", "collides with model '" + other + "': names must differ in more than case");
            }
        }
    }

    private Optional<ModelDefinition> parseModel(String name, JsonElement element, Params params,
            Map<String, IndexDefinition> indexes, JsonElement controlElement, boolean builtIn, UlidGenerator ulids) {
        JsonObject model = object(element, name, null, "definition", true);
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new HashMap<>();
        for (Map.Entry<String, JsonElement> entry : model.entrySet()) {
            String fieldName = entry.getKey();
            checkFieldName(name, fieldName, byLowerCase);
            fields.put(fieldName, parseField(name, fieldName, entry.getValue(), params.isoDates(), FIELD_KEYS));
        }
        String created = params.created() == null ? null : addTimestamp(name, params.created(), fields, byLowerCase);
        String updated = params.updated() == null ? null : addTimestamp(name, params.updated(), fields, byLowerCase);
        if (params.typeField() != null) {
            addTypeField(name, params.typeField(), fields, byLowerCase);
        }

        IndexDefinition primary = indexes.get(IndexDefinition.PRIMARY);
        if (primary == null) {
            return Optional.empty();
        }
        String hashKey = primary.hash();
        checkKeyAttribute(name, hashKey, fields);
        String sortKey = primary.sort() != null && fields.containsKey(primary.sort()) ? primary.sort() : null;
        checkKeyAttribute(name, sortKey, fields);
        checkTemplates(name, fields);

        JsonObject control = object(controlElement, name, null, "control", false);
        checkKeys(control, CONTROL_KEYS, name, null, "control");
        Enablement enable = enumValue(control, "enable", name, Enablement::fromSchemaName, Enablement.BOTH,
                Arrays.stream(Enablement.values()).map(Enablement::schemaName).toList());
        SyncDirection sync = enumValue(control, "sync", name, SyncDirection::fromSchemaName, SyncDirection.NONE,
                Arrays.stream(SyncDirection.values()).map(SyncDirection::schemaName).toList());
        ConflictPolicy conflict = enumValue(control, "conflict", name, ConflictPolicy::fromSchemaName,
                ConflictPolicy.LWW, Arrays.stream(ConflictPolicy.values()).map(ConflictPolicy::schemaName).toList());
        checkTtl(name, fields);
        String deviceField = fields.containsKey(params.deviceField()) ? params.deviceField() : null;
        checkScope(name, enable, sync, deviceField, params.deviceField(), fields);

        List<IndexDefinition> secondary = indexes.values().stream()
                .filter(index -> !index.name().equals(IndexDefinition.PRIMARY))
                .filter(index -> fields.containsKey(index.hash()))
                .map(index -> new IndexDefinition(index.name(), index.hash(),
                        fields.containsKey(index.sort()) ? index.sort() : null))
                .toList();
        ModelOptions options = new ModelOptions(params.isoDates(), params.nulls(), params.unknownFields(), conflict,
                builtIn);
        return Optional.of(new ModelDefinition(name, new ArrayList<>(fields.values()), hashKey, sortKey, enable, sync,
                deviceField, created, updated, secondary, options, ulids));
    }

    private void checkFieldName(String model, String field, Map<String, String> byLowerCase) {
        if (!IDENTIFIER.matcher(field).matches()) {
            problem(model, field, "name", "a field name must be letters, digits and '_', starting with a letter"
                    + " (it names an SQL column)");
        }
        if (field.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
            problem(model, field, "name", "names starting with '" + RESERVED_PREFIX + "' are reserved for sync metadata");
        }
        String other = byLowerCase.putIfAbsent(field.toLowerCase(Locale.ROOT), field);
        if (other != null) {
            problem(model, field, "name", "collides with field '" + other + "': names must differ in more than case"
                    + " (they name SQL columns)");
        }
    }

    private String addTimestamp(String model, String name, Map<String, FieldDefinition> fields,
            Map<String, String> byLowerCase) {
        FieldDefinition defined = fields.get(name);
        if (defined != null) {
            if (defined.type() != FieldType.DATE) {
                problem(model, name, "timestamps", "params.timestamps uses this field, so it must be of type date");
            }
            return name;
        }
        String other = byLowerCase.get(name.toLowerCase(Locale.ROOT));
        if (other != null) {
            problem(model, other, "timestamps", "collides with the timestamp field '" + name
                    + "' that params.timestamps adds");
            return null;
        }
        fields.put(name, FieldDefinition.timestamp(name));
        byLowerCase.put(name.toLowerCase(Locale.ROOT), name);
        return name;
    }

    /** {@code params.typeField}: a field holding the model name, computed like a template without references. */
    private void addTypeField(String model, String name, Map<String, FieldDefinition> fields,
            Map<String, String> byLowerCase) {
        String other = byLowerCase.get(name.toLowerCase(Locale.ROOT));
        if (other != null) {
            problem(model, other, "typeField", "collides with the field '" + name + "' that params.typeField adds");
            return;
        }
        fields.put(name, new FieldDefinition(name, FieldType.STRING, false, null, List.of(), null,
                ValueTemplate.parse(model), null, false, false));
    }

    private void checkTtl(String model, Map<String, FieldDefinition> fields) {
        List<String> ttlFields = new ArrayList<>();
        for (FieldDefinition field : fields.values()) {
            if (field.ttl()) {
                ttlFields.add(field.name());
                if (field.type() != FieldType.DATE && field.type() != FieldType.NUMBER) {
                    problem(model, field.name(), "ttl", "the expiry time must be of type date or number"
                            + " (epoch seconds), not " + field.type().schemaName());
                }
            }
        }
        if (ttlFields.size() > 1) {
            problem(model, ttlFields.get(1), "ttl", "a model has at most one ttl field; '" + ttlFields.get(0)
                    + "' is one already");
        }
    }

    private void checkKeyAttribute(String model, String attribute, Map<String, FieldDefinition> fields) {
        if (attribute == null) {
            return;
        }
        FieldDefinition field = fields.get(attribute);
        if (field == null) {
            problem(model, attribute, "indexes.primary", "the model has no field '" + attribute
                    + "', the hash key of the primary index");
        } else if (field.type() != FieldType.STRING) {
            problem(model, attribute, "indexes.primary", "key attribute '" + attribute + "' must be of type string");
        }
    }

    private void checkTemplates(String model, Map<String, FieldDefinition> fields) {
        for (FieldDefinition field : fields.values()) {
            for (String referenced : field.templateFields()) {
                FieldDefinition target = fields.get(referenced);
                if (target == null) {
                    problem(model, field.name(), "value", "template '" + field.valueTemplate().orElseThrow()
                            + "' refers to unknown field '" + referenced + "'");
                } else if (target.template() != null) {
                    problem(model, field.name(), "value", "template '" + field.valueTemplate().orElseThrow()
                            + "' refers to '" + referenced + "', which has a value template itself;"
                            + " templates may refer only to fields without one");
                }
            }
        }
    }

    private void checkScope(String model, Enablement enable, SyncDirection sync, String deviceField,
            String deviceFieldName, Map<String, FieldDefinition> fields) {
        if (deviceField != null && fields.get(deviceField).type() != FieldType.STRING) {
            problem(model, deviceField, "deviceField", "the device field must be of type string");
        }
        if (sync == SyncDirection.NONE) {
            return;
        }
        if (enable != Enablement.BOTH) {
            problem(model, null, "control.sync", "sync '" + sync.schemaName() + "' needs the model on device and cloud,"
                    + " but control.enable is '" + enable.schemaName() + "'");
        }
        if (deviceField == null && (sync == SyncDirection.UP || sync == SyncDirection.BOTH)) {
            problem(model, null, "control.sync", "the model is shared (it has no '" + deviceFieldName
                    + "' field), so it can sync only down or none, not '" + sync.schemaName() + "'");
        }
    }

    /**
     * @param path the field's name, or its dotted path inside an enclosing field's {@code schema}
     * @param allowed the attributes allowed here (fewer inside a nested schema)
     */
    private FieldDefinition parseField(String model, String path, JsonElement element, boolean isoDates,
            Set<String> allowed) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonObject attributes = object(element, model, path, "definition", true).deepCopy();
        for (String key : List.copyOf(attributes.keySet())) {
            if (!allowed.contains(key) && FIELD_KEYS.contains(key)) {
                problem(model, path, key, "'" + key + "' is not supported inside a nested schema; supported there: "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")));
                attributes.remove(key);
            }
        }
        checkKeys(attributes, FIELD_KEYS, model, path, "attributes");
        String typeName = string(attributes, "type", model, path, "type", true);
        Optional<FieldType> type = typeName == null ? Optional.empty() : FieldType.fromSchemaName(typeName);
        if (typeName != null && type.isEmpty()) {
            problem(model, path, "type", "unknown type '" + typeName + "'; expected one of "
                    + Arrays.stream(FieldType.values()).map(FieldType::schemaName).collect(Collectors.joining(", ")));
        }
        FieldType fieldType = type.orElse(FieldType.STRING);
        boolean required = bool(attributes, "required", model, path, "required", false);
        boolean hidden = bool(attributes, "hidden", model, path, "hidden", false);
        boolean ttl = bool(attributes, "ttl", model, path, "ttl", false);
        boolean readonly = bool(attributes, "readonly", model, path, "readonly", false);
        Generator generate = parseGenerator(attributes, model, path, fieldType);
        ValueTemplate template = parseTemplate(attributes, model, path, fieldType);
        Pattern validate = parseValidate(attributes, model, path);
        List<Object> enumValues = type.isPresent() ? parseEnum(attributes, model, path, fieldType, isoDates) : List.of();
        List<FieldDefinition> nested = parseNestedSchema(attributes, model, path, fieldType, isoDates);
        FieldDefinition withoutDefault = new FieldDefinition(name, fieldType, required, null, enumValues, validate,
                template, generate, hidden, ttl, readonly, nested);
        JsonElement defaultElement = attributes.get("default");
        if (defaultElement == null || defaultElement.isJsonNull() || type.isEmpty()) {
            return withoutDefault;
        }
        List<String> violations = new ArrayList<>();
        Optional<Object> defaultValue = ItemPreparer.check(withoutDefault, name, toJava(defaultElement), isoDates,
                UnknownFields.REJECT, violations);
        violations.forEach(violation -> problem(model, path, "default", violation));
        return withoutDefault.withDefault(defaultValue.orElse(null));
    }

    private List<FieldDefinition> parseNestedSchema(JsonObject attributes, String model, String path, FieldType type,
            boolean isoDates) {
        JsonElement element = attributes.get("schema");
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (type != FieldType.OBJECT && type != FieldType.ARRAY) {
            problem(model, path, "schema", "a nested schema needs a field of type object or array, not "
                    + type.schemaName());
            return List.of();
        }
        JsonObject schema = object(element, model, path, "schema", true);
        if (schema.isEmpty()) {
            problem(model, path, "schema", "a nested schema must define at least one field");
        }
        List<FieldDefinition> nested = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : schema.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().contains(".")) {
                problem(model, path, "schema", "nested field name '" + entry.getKey() + "' must be non-empty"
                        + " and contain no '.'");
                continue;
            }
            nested.add(parseField(model, path + "." + entry.getKey(), entry.getValue(), isoDates, NESTED_FIELD_KEYS));
        }
        return nested;
    }

    private Generator parseGenerator(JsonObject attributes, String model, String field, FieldType type) {
        String name = string(attributes, "generate", model, field, "generate", false);
        if (name == null) {
            return null;
        }
        Optional<Generator> generator = Generator.fromSchemaName(name);
        if (generator.isEmpty()) {
            problem(model, field, "generate", "unknown generator '" + name + "'; expected ulid or uuid");
        } else if (type != FieldType.STRING) {
            problem(model, field, "generate", "generated ids are strings, so the field must be of type string");
        }
        return generator.orElse(null);
    }

    private ValueTemplate parseTemplate(JsonObject attributes, String model, String field, FieldType type) {
        String source = string(attributes, "value", model, field, "value", false);
        if (source == null) {
            return null;
        }
        if (type != FieldType.STRING) {
            problem(model, field, "value", "a value template makes a string, so the field must be of type string");
        }
        try {
            return ValueTemplate.parse(source);
        } catch (IllegalArgumentException e) {
            problem(model, field, "value", "template '" + source + "': " + e.getMessage());
            return null;
        }
    }

    /** A regular expression, plain or in JavaScript's {@code /pattern/flags} form. */
    private Pattern parseValidate(JsonObject attributes, String model, String field) {
        String source = string(attributes, "validate", model, field, "validate", false);
        if (source == null) {
            return null;
        }
        String regex = source;
        int flags = 0;
        int lastSlash = source.lastIndexOf('/');
        if (source.startsWith("/") && lastSlash > 0) {
            regex = source.substring(1, lastSlash);
            for (char flag : source.substring(lastSlash + 1).toCharArray()) {
                switch (flag) {
                    case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 'm' -> flags |= Pattern.MULTILINE;
                    case 's' -> flags |= Pattern.DOTALL;
                    case 'u', 'g' -> { }
                    default -> problem(model, field, "validate", "unknown regular expression flag '" + flag + "'");
                }
            }
        }
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            problem(model, field, "validate", "not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private List<Object> parseEnum(JsonObject attributes, String model, String field, FieldType type,
            boolean isoDates) {
        JsonElement element = attributes.get("enum");
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (!element.isJsonArray() || element.getAsJsonArray().isEmpty()) {
            problem(model, field, "enum", "must be a non-empty array of the allowed values");
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        for (JsonElement value : element.getAsJsonArray()) {
            Optional<Object> typed = value.isJsonPrimitive() && type != FieldType.OBJECT && type != FieldType.ARRAY
                    ? ItemPreparer.toFieldType(type, toJava(value), isoDates) : Optional.empty();
            if (typed.isEmpty()) {
                problem(model, field, "enum", "value " + value + " is not a " + type.schemaName());
            } else {
                values.add(typed.get());
            }
        }
        return values;
    }

    private <E> E enumValue(JsonObject control, String key, String model,
            Function<String, Optional<E>> lookup, E fallback, List<String> allowed) {
        String name = string(control, key, model, null, "control." + key, false);
        if (name == null) {
            return fallback;
        }
        Optional<E> value = lookup.apply(name);
        if (value.isEmpty()) {
            problem(model, null, "control." + key, "unknown value '" + name + "'; expected one of "
                    + String.join(", ", allowed));
        }
        return value.orElse(fallback);
    }

    private void checkKeys(JsonObject object, Set<String> known, String model, String field, String rule) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                problem(model, field, rule, "unknown attribute '" + key + "'; supported: "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    private JsonObject object(JsonElement element, String model, String field, String rule, boolean required) {
        if (element == null || element.isJsonNull()) {
            if (required) {
                problem(model, field, rule, "is missing");
            }
            return new JsonObject();
        }
        if (!element.isJsonObject()) {
            problem(model, field, rule, "must be a JSON object");
            return new JsonObject();
        }
        return element.getAsJsonObject();
    }

    private String string(JsonObject object, String key, String model, String field, String rule, boolean required) {
        JsonElement element = object.get(key);
        if (element == null || element.isJsonNull()) {
            if (required) {
                problem(model, field, rule, "'" + key + "' is missing");
            }
            return null;
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            problem(model, field, rule, "'" + key + "' must be a string");
            return null;
        }
        return element.getAsString();
    }

    private boolean bool(JsonObject object, String key, String model, String field, String rule, boolean fallback) {
        JsonElement element = object.get(key);
        if (element == null || element.isJsonNull()) {
            return fallback;
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
            problem(model, field, rule, "'" + key + "' must be true or false");
            return fallback;
        }
        return element.getAsBoolean();
    }

    private static Object toJava(JsonElement element) {
        if (element.isJsonPrimitive()) {
            JsonPrimitive primitive = element.getAsJsonPrimitive();
            if (primitive.isBoolean()) {
                return primitive.getAsBoolean();
            }
            if (primitive.isNumber()) {
                return primitive.getAsBigDecimal();
            }
            return primitive.getAsString();
        }
        return JsonValues.normalize(GSON.fromJson(element, Object.class)).orElse(null);
    }

    private void problem(String model, String field, String rule, String message) {
        problems.add(new SchemaProblem(model, field, rule, message));
    }
}
