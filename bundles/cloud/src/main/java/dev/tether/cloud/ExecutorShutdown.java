package dev.tether.cloud;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stops a service's own executor: lets running work finish for a while, then interrupts it. */
public final class ExecutorShutdown {

    private ExecutorShutdown() {
    }

    public static void stop(ExecutorService executor, long waitSeconds) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitSeconds, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
