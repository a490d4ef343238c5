package dev.tether.cloud.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.cloud.ExecutorShutdown;
import dev.tether.cloudstore.CloudStore;

/**
 * Purges tombstones older than the horizon every {@code interval}, starting at once (the store also
 * learns versions' ages from these calls). A failed round is logged and tried again next round.
 */
public final class TombstonePurger implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TombstonePurger.class.getName());

    private final CloudStore store;
    private final Duration horizon;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final AtomicLong purged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public TombstonePurger(CloudStore store, Duration horizon, Duration interval) {
        this.store = store;
        this.horizon = horizon;
        this.interval = interval;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "tether-cloud-tombstones"));
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::purgeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tombstones purged since start. */
    public long purged() {
        return purged.get();
    }

    public long failures() {
        return failures.get();
    }

    public Duration horizon() {
        return horizon;
    }

    void purgeOnce() {
        try {
            int count = store.purgeTombstones(horizon);
            if (count > 0) {
                purged.addAndGet(count);
                LOG.log(System.Logger.Level.INFO, "Purged {0} tombstone(s) older than {1}; catch-up is complete from version {2}",
                        count, horizon, store.tombstoneWatermark());
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Tombstone purge failed, retrying next round: {0}", e.getMessage());
        }
    }

    @Override
    public void close() {
        ExecutorShutdown.stop(thread, 10);
    }
}
