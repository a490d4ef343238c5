package dev.tether.console.internal;

import java.util.Optional;

import dev.tether.schema.Schema;
import dev.tether.store.LocalStore;
import dev.tether.store.derby.internal.StandaloneStore;
import dev.tether.sync.SyncService;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/** A real local store (Derby, outside OSGi) on {@link ConsoleSchema}, as the console's gateway services. */
final class StoreFixture extends ExternalResource implements GatewayServices {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final Schema schema = ConsoleSchema.parse();
    private StandaloneStore standalone;

    @Override
    protected void before() throws Throwable {
        folder.create();
        standalone = StandaloneStore.open(folder.getRoot().toPath().resolve("store"), false, () -> schema);
    }

    @Override
    protected void after() {
        standalone.close();
        folder.delete();
    }

    LocalStore localStore() {
        return standalone.store();
    }

    @Override
    public Optional<SyncService> sync() {
        return Optional.empty();
    }

    @Override
    public Optional<LocalStore> store() {
        return Optional.of(standalone.store());
    }

    @Override
    public Optional<Schema> schema() {
        return Optional.of(schema);
    }

    @Override
    public Optional<String> brokerUri() {
        return Optional.empty();
    }
}
