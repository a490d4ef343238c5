package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread all sync state lives on. A task that fails is reported and the next one runs (a
 * periodic task keeps its schedule); work handed in after shutdown is dropped, since the durable
 * outbox and cursors keep what it was about.
 */
final class EngineThread {

    private static final Logger LOG = System.getLogger(EngineThread.class.getName());

    /** Messages from the transport that may wait for this thread at once. */
    static final int MAX_QUEUED_MESSAGES = 16;
    /** Beyond this the transport's thread stops waiting, so that a stopped engine cannot hold it forever. */
    private static final long MAX_WAIT_FOR_ROOM_SECONDS = 30;

    private final ScheduledExecutorService scheduler;
    private final Semaphore messageRoom = new Semaphore(MAX_QUEUED_MESSAGES);

    EngineThread(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Hands in a message from the transport. When {@link #MAX_QUEUED_MESSAGES} wait already, the
     * transport's thread waits too: it then holds back its acknowledgements, and the broker its
     * further messages (Receive Maximum), instead of a catch-up of any size piling up in memory.
     */
    void executeMessage(Runnable task, Consumer<String> onFailure) {
        boolean reserved = reserveRoom();
        Runnable release = reserved ? messageRoom::release : () -> { };
        try {
            scheduler.execute(() -> {
                try {
                    guarded(task, onFailure);
                } finally {
                    release.run();
                }
            });
        } catch (RejectedExecutionException stopped) {
            release.run();
            LOG.log(Level.DEBUG, "engine stopped; message dropped (the cloud sends it again)");
        }
    }

    private boolean reserveRoom() {
        try {
            if (messageRoom.tryAcquire(MAX_WAIT_FOR_ROOM_SECONDS, TimeUnit.SECONDS)) {
                return true;
            }
            LOG.log(Level.WARNING, "the engine has not taken a message for " + MAX_WAIT_FOR_ROOM_SECONDS
                    + " s; queueing one more");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    void execute(Runnable task, Consumer<String> onFailure) {
        try {
            scheduler.execute(() -> guarded(task, onFailure));
        } catch (RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "engine stopped; event dropped (the store keeps the work)");
        }
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
