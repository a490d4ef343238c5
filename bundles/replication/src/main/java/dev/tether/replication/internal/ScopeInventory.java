package dev.tether.replication.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tether.schema.ModelDefinition;
import dev.tether.schema.SchemaService;
import dev.tether.store.ItemRef;
import dev.tether.store.LocalStore;
import dev.tether.store.Page;
import dev.tether.store.Query;

/**
 * Lists the local items of every model that exists on the device and syncs down: all items of a
 * shared model, and the items of a device-scoped model that belong to this device (another device's
 * item is none of this device's sync business).
 */
final class ScopeInventory implements LocalInventory {

    private static final int PAGE_SIZE = 500;

    private final LocalStore store;
    private final SchemaService schemas;
    private final String deviceId;

    ScopeInventory(LocalStore store, SchemaService schemas, String deviceId) {
        this.store = store;
        this.schemas = schemas;
        this.deviceId = deviceId;
    }

    @Override
    public List<ItemRef> itemsInScope() {
        List<ItemRef> items = new ArrayList<>();
        for (ModelDefinition model : schemas.current().models()) {
            if (model.existsOnDevice() && model.syncsDown()) {
                collect(model, items);
            }
        }
        return items;
    }

    private void collect(ModelDefinition model, List<ItemRef> items) {
        Query query = Query.of(model.name()).limit(PAGE_SIZE);
        while (true) {
            Page page = store.find(query);
            for (Map<String, Object> item : page.items()) {
                if (inScope(model, item)) {
                    items.add(new ItemRef(model.name(), model.keyOf(item)));
                }
            }
            if (page.next().isEmpty()) {
                return;
            }
            query = query.after(page.cursor());
        }
    }

    private boolean inScope(ModelDefinition model, Map<String, Object> item) {
        return !model.deviceScoped() || deviceId.equals(item.get(model.deviceField().orElseThrow()));
    }
}
