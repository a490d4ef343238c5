package dev.tether.replication.internal;

import java.util.List;

import dev.tether.store.ItemRef;

/** The items a full resync may remove: those of down-syncing models in the device's scope. */
@FunctionalInterface
interface LocalInventory {

    List<ItemRef> itemsInScope();
}
