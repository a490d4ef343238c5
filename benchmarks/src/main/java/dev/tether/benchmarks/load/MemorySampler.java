package dev.tether.benchmarks.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples a gateway's RSS (from /proc) and heap use (from its generator's status) twice a second. */
final class MemorySampler implements AutoCloseable {

    private final GatewayNode gateway;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "bench-memory"));
    private volatile long maxRss;
    private volatile long maxHeapUsed;
    private volatile long heapMax;
    private volatile long lastRss;

    MemorySampler(GatewayNode gateway) {
        this.gateway = gateway;
        timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long rss = gateway.process().rssBytes();
        lastRss = rss;
        maxRss = Math.max(maxRss, rss);
        try {
            GeneratorStatus status = gateway.status();
            if (status != null) {
                maxHeapUsed = Math.max(maxHeapUsed, status.heapUsedBytes());
                heapMax = status.heapMaxBytes();
            }
        } catch (java.io.IOException e) {
            // the next sample reads it
        }
    }

    long maxRss() {
        return maxRss;
    }

    long lastRss() {
        return lastRss;
    }

    long maxHeapUsed() {
        return maxHeapUsed;
    }

    long heapMax() {
        return heapMax;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
