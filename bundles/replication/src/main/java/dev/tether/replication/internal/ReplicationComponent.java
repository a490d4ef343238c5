package dev.tether.replication.internal;

import java.util.Map;
import java.util.concurrent.Executors;

import dev.tether.schema.SchemaService;
import dev.tether.store.Inbound;
import dev.tether.store.LocalStore;
import dev.tether.store.Registration;
import dev.tether.sync.SyncService;
import dev.tether.sync.SyncStatus;
import dev.tether.transport.Transport;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The replication engine as a DS component. Its store and transport references are greedy: when a
 * better provider appears, or the configuration changes, the component is deactivated and activated
 * again; the durable outbox makes that safe (unacknowledged changes are read and sent again). The
 * configuration property {@code Transport.target} chooses among several transports, e.g.
 * {@code (name=backup)}; changing it moves the engine the same way.
 */
@Component(name = "dev.tether.replication", service = SyncService.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplicationConfig.class)
public class ReplicationComponent implements SyncService {

    /** The transport reference's name: the configuration property {@code Transport.target} picks the transport. */
    static final String TRANSPORT_REFERENCE = "Transport";

    private final EngineThread thread;
    private final ReplicationEngine engine;
    private final DownstreamSync downstream;
    private final PauseSwitch pause = new PauseSwitch();
    private final Inbound inbound;
    private final Registration localCommits;

    @Activate
    public ReplicationComponent(@Reference(policyOption = ReferencePolicyOption.GREEDY) LocalStore store,
            @Reference(name = TRANSPORT_REFERENCE, policyOption = ReferencePolicyOption.GREEDY) Transport transport,
            @Reference SchemaService schemas, ReplicationConfig config, BundleContext context) {
        EngineSettings settings = EngineSettings.from(config);
        inbound = store.inbound();
        EngineClock clock = new EngineClock(System::currentTimeMillis,
                EngineClock.testOffset(context.getProperty(EngineClock.TEST_OFFSET_PROPERTY)), DownstreamSync.persistedHlc(inbound),
                hlc -> inbound.updateSyncState(Map.of(DownstreamSync.HLC_STATE, hlc.toString())));
        thread = new EngineThread(Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(task, "tether-replication-" + settings.deviceId())));
        engine = new ReplicationEngine(settings, store.outbox(), inbound::settleConflict, transport, thread, clock,
                () -> schemas.current().versionId(), pause);
        downstream = new DownstreamSync(settings, inbound, transport, clock,
                new SchemaDownstreamPolicy(schemas, settings.deviceId()),
                new ScopeInventory(store, schemas, settings.deviceId()), thread, pause);
        downstream.start();
        engine.start();
        // A commit through the store starts a drain at once; the poll finds what plain JDBC wrote.
        localCommits = store.subscribe(null, changes -> {
            if (changes.stream().anyMatch(change -> !change.fromCloud())) {
                engine.requestDrain();
            }
        });
    }

    @Deactivate
    void deactivate() {
        localCommits.close();
        engine.stop();
        downstream.stop();
        thread.shutdown();
    }

    @Override
    public SyncStatus status() {
        return engine.status(downstream);
    }

    @Override
    public void pause() {
        pause.pause();
    }

    @Override
    public void resume() {
        if (pause.resume()) {
            downstream.requestCatchUp();
            engine.requestDrain();
        }
    }

    @Override
    public void fullResync() {
        downstream.requestFullResync();
    }

    @Override
    public int retryDeadLetters() {
        return engine.retryDeadLetters();
    }

    @Override
    public long conflictCount() {
        return inbound.conflictCount();
    }

    @Override
    public void syncNow() {
        engine.requestDrain();
    }
}
