package dev.tether.load.generator.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tether.store.LocalStore;
import dev.tether.store.Registration;
import dev.tether.sync.SyncService;
import dev.tether.sync.SyncStatus;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The benchmark's application inside the gateway: one run per configuration (a changed
 * configuration is a new run). It writes through the {@link LocalStore}, times the cloud's writes
 * as they are applied, notes when the engine is first connected and caught up, and rewrites a
 * status file the benchmark driver reads.
 */
@Component(configurationPid = "dev.tether.load.generator", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GeneratorConfig.class)
public class LoadGenerator {

    private static final Logger LOG = System.getLogger(LoadGenerator.class.getName());
    private static final long CAUGHT_UP_POLL_MILLIS = 5;

    private final SyncService sync;
    private final GeneratorConfig config;
    private final WriteLoop writes;
    private final DownArrivals arrivals = new DownArrivals();
    private final StatusWriter status;
    private final Registration subscription;
    private final ExecutorService writer;
    private final ScheduledExecutorService reporter;
    private final Future<?> writing;
    private volatile long caughtUpMicros;
    private volatile ScheduledFuture<?> caughtUpWatch;

    @Activate
    public LoadGenerator(@Reference LocalStore store, @Reference SyncService sync, GeneratorConfig config) {
        this.sync = sync;
        this.config = config;
        this.writes = new WriteLoop(store, sync, config);
        this.status = new StatusWriter(Path.of(config.statusFile()));
        this.subscription = store.subscribe(config.downModel(), arrivals);
        if ("paused".equals(config.sync())) {
            sync.pause();
        } else if ("run".equals(config.sync()) && sync.status().paused()) {
            sync.resume();
            writes.resumedMicros = Clock.epochMicros();
        }
        this.writer = Executors.newSingleThreadExecutor(task -> new Thread(task, "tether-load-generator"));
        this.writing = writer.submit(writes);
        this.reporter = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "tether-load-status"));
        if (config.caughtUpCursor() >= 0) {
            this.caughtUpWatch = reporter.scheduleAtFixedRate(this::watchCaughtUp, CAUGHT_UP_POLL_MILLIS, CAUGHT_UP_POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        reporter.scheduleAtFixedRate(this::report, 0, config.statusIntervalMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "load generator run {0} started", config.runId());
    }

    @Deactivate
    void deactivate() {
        writer.shutdownNow();
        reporter.shutdownNow();
        subscription.close();
    }

    private void watchCaughtUp() {
        SyncStatus now = sync.status();
        if (now.connected() && !now.catchingUp() && now.outboxDepth() == 0 && now.deviceCursor() >= config.caughtUpCursor()) {
            caughtUpMicros = Clock.epochMicros();
            report();
            caughtUpWatch.cancel(false);
        }
    }

    private void report() {
        try {
            status.write(config.runId(), writes, arrivals, sync.status(), caughtUpMicros, !writing.isDone());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "load generator cannot write its status: " + e.getMessage());
        }
    }
}
