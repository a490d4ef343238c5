package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;
import dev.tether.schema.SyncDirection;
import dev.tether.store.LocalStore;
import dev.tether.store.Page;
import dev.tether.store.StoreException;
import dev.tether.store.UnknownModelException;
import dev.tether.store.ValidationException;

/**
 * {@code /tether/api/items/{model}}: get one item by its whole key or list a page of them (see
 * {@link ItemListingQuery}), upsert and delete items of a model in the local store.
 */
final class ItemsResource {

    /** Query parameters that steer listing; all others are key fields. */
    static final String LIMIT = "limit";
    static final String AFTER = "after";
    static final String PREFIX = "prefix";

    private final GatewayServices services;
    private final JsonCodec json;

    ItemsResource(GatewayServices services, JsonCodec json) {
        this.services = services;
        this.json = json;
    }

    ApiResponse handle(ApiRequest request, PageLimits limits) {
        String modelName = request.segment(1);
        if (modelName == null || request.path().size() > 2) {
            return ApiResponse.error(404, "use /tether/api/items/{model}");
        }
        Optional<LocalStore> store = services.store();
        Optional<Schema> schema = services.schema();
        if (store.isEmpty() || schema.isEmpty()) {
            return ApiResponse.error(503, "the local store is not available now");
        }
        Optional<ModelDefinition> model = schema.get().model(modelName).filter(ModelDefinition::existsOnDevice);
        if (model.isEmpty()) {
            return ApiResponse.error(404, "unknown model '" + modelName + "': the schema has no such model on this device");
        }
        try {
            return switch (request.method()) {
                case "GET" -> read(store.get(), model.get(), request.query(), limits);
                case "PUT" -> put(store.get(), model.get(), request.body());
                case "DELETE" -> delete(store.get(), model.get(), request.query());
                default -> ApiResponse.error(405, request.method() + " is not allowed on items: use GET, PUT or DELETE");
            };
        } catch (ValidationException e) {
            return ApiResponse.invalid(e.getMessage(), e.violations());
        } catch (UnknownModelException e) {
            return ApiResponse.error(404, e.getMessage());
        } catch (StoreException e) {
            return ApiResponse.error(503, "the local store could not do it: " + e.getMessage());
        }
    }

    private ApiResponse read(LocalStore store, ModelDefinition model, Map<String, String> query, PageLimits limits) {
        Map<String, Object> keyFields = keyFields(query);
        Optional<ItemKey> fullKey = fullKey(model, keyFields);
        if (fullKey.isPresent()) {
            List<Map<String, Object>> found = store.get(model.name(), keyMap(model, fullKey.get())).map(List::of).orElse(List.of());
            if (found.isEmpty()) {
                return ApiResponse.error(404, "no " + model.name() + " item with key " + keyMap(model, fullKey.get()));
            }
            return ApiResponse.ok(page(found, null));
        }
        int limit;
        try {
            limit = limits.limit(query.get(LIMIT));
        } catch (IllegalArgumentException e) {
            return ApiResponse.invalid("bad paging parameters", List.of(e.getMessage()));
        }
        Page found = store.find(ItemListingQuery.of(model, keyFields, query.get(PREFIX), query.get(AFTER), limit));
        return ApiResponse.ok(page(found.items(), found.cursor()));
    }

    private ApiResponse put(LocalStore store, ModelDefinition model, String body) {
        ApiResponse refused = refuseDownOnly(model);
        if (refused != null) {
            return refused;
        }
        Map<String, Object> item;
        try {
            item = json.readObject(body);
        } catch (IllegalArgumentException e) {
            return ApiResponse.invalid("the body must be the item as a JSON object", List.of(e.getMessage()));
        }
        return ApiResponse.ok(store.put(model.name(), item));
    }

    private ApiResponse delete(LocalStore store, ModelDefinition model, Map<String, String> query) {
        ApiResponse refused = refuseDownOnly(model);
        if (refused != null) {
            return refused;
        }
        ItemKey key = model.keyOf(keyFields(query));
        if (!store.delete(model.name(), keyMap(model, key))) {
            return ApiResponse.error(404, "no " + model.name() + " item with key " + keyMap(model, key));
        }
        Map<String, Object> deleted = new LinkedHashMap<>(keyMap(model, key));
        deleted.put("deleted", true);
        return ApiResponse.ok(deleted);
    }

    private static ApiResponse refuseDownOnly(ModelDefinition model) {
        if (model.sync() == SyncDirection.DOWN) {
            return ApiResponse.error(409, "model '" + model.name() + "' syncs down only: its items are written in the cloud");
        }
        return null;
    }

    private static Map<String, Object> keyFields(Map<String, String> query) {
        Map<String, Object> fields = new LinkedHashMap<>(query);
        fields.keySet().removeAll(List.of(LIMIT, AFTER, PREFIX));
        return fields;
    }

    private static Optional<ItemKey> fullKey(ModelDefinition model, Map<String, Object> keyFields) {
        if (keyFields.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(model.keyOf(keyFields));
        } catch (ValidationException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> keyMap(ModelDefinition model, ItemKey key) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(model.hashKey(), key.pk());
        model.sortKey().filter(any -> key.sk() != null).ifPresent(sortKey -> map.put(sortKey, key.sk()));
        return map;
    }

    private static Map<String, Object> page(List<Map<String, Object>> items, String next) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next", next);
        return page;
    }
}
