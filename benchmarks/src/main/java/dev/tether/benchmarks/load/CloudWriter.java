package dev.tether.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cloud application writing device items through the cloud service's HTTP API: several threads,
 * each request at its intended time for a paced rate (its {@code writtenAt}, so a slow API shows as
 * latency), or back to back for rate 0. A run that falls behind its rate still ends when its time is up.
 */
final class CloudWriter {

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI itemsUri;
    private final String deviceId;
    private final String payload;
    /** Items written by the run under way, for progress output. */
    private final AtomicLong writtenSoFar = new AtomicLong();

    /** What a write run did. */
    record Outcome(long written, long failed, long lastVersion, long startedMicros, long finishedMicros) {
        double perSecond() {
            return written * 1e6 / Math.max(1, finishedMicros - startedMicros);
        }
    }

    CloudWriter(String httpBase, String deviceId, String model, int itemBytes) {
        this.itemsUri = URI.create(httpBase + "/api/devices/" + deviceId + "/items/" + model);
        this.deviceId = deviceId;
        this.payload = "y".repeat(Math.max(0, itemBytes - 110));
    }

    /** Items the run under way has written so far. */
    long writtenSoFar() {
        return writtenSoFar.get();
    }

    /**
     * Writes {@code count} items (or until {@code durationSeconds} passed when count is 0); those
     * sent in the first {@code warmupSeconds} (by the clock, however far behind its rate the writer
     * is) are marked {@code warmup} and not timed on the device.
     */
    Outcome write(String idPrefix, long count, double durationSeconds, double rate, int threads, double warmupSeconds)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong written = writtenSoFar;
        written.set(0);
        AtomicLong failed = new AtomicLong();
        AtomicLong lastVersion = new AtomicLong();
        long startNanos = System.nanoTime();
        long startMicros = Clock.epochMicros();
        long endNanos = durationSeconds > 0 ? startNanos + (long) (durationSeconds * 1e9) : Long.MAX_VALUE;
        long limit = count > 0 ? count : Long.MAX_VALUE;
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> new Thread(task, "bench-cloud-writer"));
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (true) {
                    long index = next.getAndIncrement();
                    if (index >= limit) {
                        return null;
                    }
                    long intendedNanos = rate > 0 ? startNanos + (long) (index * 1e9 / rate) : System.nanoTime();
                    if (Math.max(intendedNanos, System.nanoTime()) >= endNanos) {
                        return null;
                    }
                    long wait = intendedNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long writtenAt = rate > 0 ? startMicros + (intendedNanos - startNanos) / 1_000 : Clock.epochMicros();
                    String body = "{\"deviceId\":\"" + deviceId + "\",\"id\":\"" + idPrefix + "-" + index + "\",\"writtenAt\":" + writtenAt
                            + ",\"phase\":\"" + (System.nanoTime() - startNanos < warmupSeconds * 1e9 ? "warmup" : "measure") + "\",\"payload\":\""
                            + payload + "\"}";
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(itemsUri)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 == 2) {
                            written.incrementAndGet();
                            Matcher version = VERSION.matcher(response.body());
                            if (version.find()) {
                                lastVersion.accumulateAndGet(Long.parseLong(version.group(1)), Math::max);
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        pool.shutdown();
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cloud writer failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(written.get(), failed.get(), lastVersion.get(), startMicros, Clock.epochMicros());
    }
}
