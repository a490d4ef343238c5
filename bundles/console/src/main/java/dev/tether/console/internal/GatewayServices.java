package dev.tether.console.internal;

import java.util.Optional;

import dev.tether.schema.Schema;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

/** The gateway services the console works with, each of which may be missing at any moment. */
public interface GatewayServices {

    Optional<SyncService> sync();

    Optional<LocalStore> store();

    Optional<Schema> schema();

    /** The broker the MQTT transport is configured for. */
    Optional<String> brokerUri();
}
