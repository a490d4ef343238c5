package dev.tether.store.derby.internal;

import java.nio.file.Path;
import java.util.function.Supplier;

import dev.tether.schema.Schema;
import dev.tether.store.LocalStore;

/**
 * The store outside OSGi, on a database it opens and closes itself: for benchmarks and tools that
 * run on a plain class path. Inside a framework, use the {@code LocalStore} service.
 */
public final class StandaloneStore implements AutoCloseable {

    private final DerbyDatabase database;
    private final DerbyLocalStore store;

    private StandaloneStore(DerbyDatabase database, DerbyLocalStore store) {
        this.database = database;
        this.store = store;
    }

    /** @param durable whether every commit is synced to disk (Derby's default) */
    public static StandaloneStore open(Path databasePath, boolean durable, Supplier<Schema> schemas) {
        DerbyDatabase database = DerbyDatabase.open(databasePath, durable ? Durability.FULL : Durability.TEST);
        return new StandaloneStore(database, new DerbyLocalStore(database.dataSource(), schemas));
    }

    public LocalStore store() {
        return store;
    }

    /**
     * Moves the store's capture journal into the outbox, as the engine's side does when its read of
     * the outbox runs short: for measuring what that costs.
     */
    public void moveCaptureJournal() {
        store.moveCaptureJournal();
    }

    @Override
    public void close() {
        store.close();
        database.shutdown();
    }
}
