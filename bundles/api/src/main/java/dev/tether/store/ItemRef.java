package dev.tether.store;

import dev.tether.protocol.ItemKey;

/** An item's identity across models: its model and its primary key. */
public record ItemRef(String model, ItemKey key) {
}
