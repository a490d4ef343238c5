package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread all sync state lives on. A task that fails is reported and the next one runs (a
 * periodic task keeps its schedule); work handed in after shutdown is dropped, since the durable
 * outbox and cursors keep what it was about.
 */
final class EngineThread {

    private static final Logger LOG = System.getLogger(EngineThread.class.getName());

    private final ScheduledExecutorService scheduler;

    EngineThread(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    void execute(Runnable task, Consumer<String> onFailure) {
        try {
            scheduler.execute(() -> guarded(task, onFailure));
        } catch (RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "engine stopped; event dropped (the store keeps the work)");
        }
    }

    /**
     * Like {@link #execute}; the future completes once the task ran, failed or was dropped because
     * the engine stopped (what it was about is kept durably, or comes again by catch-up).
     */
    CompletableFuture<Void> executeThenComplete(Runnable task, Consumer<String> onFailure) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                try {
                    guarded(task, onFailure);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "engine stopped; event dropped (the store keeps the work)");
            done.complete(null);
        }
        return done;
    }

    void every(long periodMillis, long initialDelayMillis, Runnable task, Consumer<String> onFailure) {
        scheduler.scheduleWithFixedDelay(() -> guarded(task, onFailure), initialDelayMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void guarded(Runnable task, Consumer<String> onFailure) {
        try {
            task.run();
        } catch (RuntimeException e) {
            onFailure.accept("sync step failed (will retry): " + e);
        }
    }
}
