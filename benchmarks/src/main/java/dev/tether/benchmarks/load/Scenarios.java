package dev.tether.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The end-to-end scenarios of the benchmark issue, each reporting its figures with the issue's
 * targets and, where one applies, the ratio to this run's raw baseline.
 */
final class Scenarios {

    private static final double MIB = 1024.0 * 1024.0;
    /** How long a catch-up may take before the run reports how far it got and goes on (keeps all.sh bounded). */
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(2);
    /** How long a scenario's backlog may take to drain before the next scenario goes on with a new gateway. */
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(2);
    /** JVM options that trade peak speed for footprint, measured beside the distribution's defaults. */
    static final String LEAN_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k";

    private final Bench bench;
    private final Baselines baselines;
    private final Options options;
    private MemoryFigures loadMemory;

    /** What the memory sampler saw while the gateway was under load. */
    private record MemoryFigures(long maxRss, long maxHeapUsed, long heapMax, boolean alive, boolean outOfMemory) {
    }

    Scenarios(Bench bench) {
        this.bench = bench;
        this.baselines = new Baselines(bench);
        this.options = bench.options();
    }

    void baselines() throws Exception {
        bench.gateway();
        baselines.derbyRowsPerSecond(1);
        baselines.derbyRowsPerSecond(10);
        baselines.derbyRowsPerSecond(100);
        baselines.brokerP50Millis();
    }

    /** Sustained up-sync: the generator writes as fast as the outbox bound allows; the cloud's acks are counted. */
    void upThroughput(int rows) throws Exception {
        double baseline = baselines.derbyRowsPerSecond(rows);
        GatewayNode gateway = bench.gateway();
        AckObserver observer = bench.observer();
        String runId = bench.nextRunId("up-" + rows);
        Bench.progress("up-sync throughput, " + rows + "-row transactions, " + options.itemBytes() + "-byte items: "
                + options.warmupSeconds() + " s warm-up + " + options.durationSeconds() + " s measured");
        try (MemorySampler memory = new MemorySampler(gateway)) {
            bench.startRun(runId, Map.of("rate", 0, "rowsPerTransaction", rows,
                    "durationSeconds", options.warmupSeconds() + options.durationSeconds(), "maxBacklog", 5_000));
            long startNanos = System.nanoTime();
            sleepUntil(startNanos, options.warmupSeconds(), runId, gateway, observer);
            long acked0 = observer.acknowledged();
            long committed0 = gateway.status().committed();
            long from = System.nanoTime();
            sleepUntil(startNanos, options.warmupSeconds() + options.durationSeconds(), runId, gateway, observer);
            long acked1 = observer.acknowledged();
            GeneratorStatus end = gateway.status();
            double seconds = (System.nanoTime() - from) / 1e9;
            double ackedPerSecond = (acked1 - acked0) / seconds;
            double committedPerSecond = (end.committed() - committed0) / seconds;
            String note = String.format(java.util.Locale.ROOT, "committed %s/s, outbox %d at the end", Report.number(committedPerSecond),
                    end.outboxDepth());
            String metric = rows + "-row tx: changes committed and acked";
            if (rows == 100) {
                bench.report().addWithTarget("up", metric, ackedPerSecond, "changes/s", 10_000, true, baseline,
                        "Derby " + rows + "/commit", note);
            } else {
                bench.report().addWithBaseline("up", metric, ackedPerSecond, "changes/s", baseline, "Derby " + rows + "/commit", note);
            }
            if (rows == 100) {
                loadMemory = new MemoryFigures(memory.maxRss(), memory.maxHeapUsed(), memory.heapMax(), gateway.process().alive(),
                        gateway.process().output().contains("OutOfMemoryError"));
            }
        }
        bench.settle(runId, SETTLE_LIMIT);
    }

    /** Commit-to-cloud-commit latency at a paced rate: each item keyed by its transaction's intended time. */
    void upLatency(int rows) throws Exception {
        GatewayNode gateway = bench.gateway();
        AckObserver observer = bench.observer();
        double rate = options.latencyRate();
        String runId = bench.nextRunId("latency-" + rows);
        Bench.progress("commit-to-cloud latency at " + Report.number(rate) + " changes/s, " + rows + "-row transactions");
        bench.startRun(runId, Map.of("rate", rate, "rowsPerTransaction", rows,
                "durationSeconds", options.warmupSeconds() + options.durationSeconds()));
        GeneratorStatus started = gateway.await(runId, status -> status.startedMicros() > 0, Duration.ofSeconds(30), "writes");
        long startNanos = System.nanoTime();
        long windowFrom = started.startedMicros() + (long) (options.warmupSeconds() * 1e6);
        long windowTo = windowFrom + (long) (options.durationSeconds() * 1e6);
        AckObserver.Window window = observer.measure(windowFrom, windowTo);
        sleepUntil(startNanos, options.warmupSeconds() + options.durationSeconds(), runId, gateway, observer);
        long expected = Math.round(rate * options.durationSeconds());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (window.count().get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double keptUp = window.count().get() / (double) expected;
        GeneratorStatus end = gateway.status();
        long writingUntil = end.finishedMicros() > 0 ? end.finishedMicros() : Clock.epochMicros();
        double committedPerSecond = end.committed() / Math.max(1e-3, (writingUntil - end.startedMicros()) / 1e6);
        Latencies latencies = window.latencies();
        String scenario = "latency";
        String what = rows + "-row tx at " + Report.number(rate) + "/s: ";
        double p50Target = rows == 1 ? 5 : 3;
        double p99Target = rows == 1 ? 25 : 15;
        bench.report().addWithTarget(scenario, what + "acked within 30 s of the run (share)", keptUp, "", 0.99, true, null, null,
                window.count().get() + " of " + expected + "; the application committed " + Report.number(committedPerSecond) + "/s");
        bench.report().addWithTarget(scenario, what + "commit → cloud commit p50", latencies.percentileMillis(0.50), "ms", p50Target,
                false, baselines.brokerP50Millis(), "broker p50", null);
        bench.report().addWithBaseline(scenario, what + "commit → cloud commit p95", latencies.percentileMillis(0.95), "ms",
                baselines.brokerP99Millis(), "broker p99", null);
        bench.report().addWithTarget(scenario, what + "commit → cloud commit p99", latencies.percentileMillis(0.99), "ms", p99Target,
                false, baselines.brokerP99Millis(), "broker p99", null);
        bench.settle(runId, SETTLE_LIMIT);
    }

    /** Cloud-to-device latency: API writes at a paced rate, timed when the engine commits them on the device. */
    void downLatency() throws Exception {
        GatewayNode gateway = bench.gateway();
        double rate = options.latencyRate();
        String runId = bench.nextRunId("down-latency");
        bench.startRun(runId, Map.of("durationSeconds", 0));
        Bench.progress("cloud-to-device latency at " + Report.number(rate) + " API writes/s (" + options.writerThreads() + " HTTP clients)");
        CloudWriter writer = new CloudWriter(bench.cloud().httpBase(), bench.device(), "LoadDown", options.itemBytes());
        CompletableFuture<CloudWriter.Outcome> writing = writeAsync(writer, runId, 0,
                options.warmupSeconds() + options.durationSeconds(), rate, options.warmupSeconds());
        watchDown(runId, gateway, writing);
        CloudWriter.Outcome outcome = writing.get();
        GeneratorStatus status = gateway.await(runId, s -> s.downReceived() >= outcome.written(), Duration.ofSeconds(60),
                "every API write on the device");
        String what = "API writes at " + Report.number(rate) + "/s: ";
        boolean timed = status.downTimed() > 0;
        bench.report().add("down-latency", what + "API writes achieved", outcome.perSecond(), "writes/s", outcome.failed() + " failed");
        bench.report().addWithBaseline("down-latency", what + "cloud write → device commit p50", timed ? status.downP50Micros() / 1000.0 : Double.NaN, "ms",
                baselines.brokerP50Millis(), "broker p50", "histogram, ±2 %");
        bench.report().addWithBaseline("down-latency", what + "cloud write → device commit p95", timed ? status.downP95Micros() / 1000.0 : Double.NaN, "ms",
                baselines.brokerP99Millis(), "broker p99", null);
        bench.report().addWithBaseline("down-latency", what + "cloud write → device commit p99", timed ? status.downP99Micros() / 1000.0 : Double.NaN, "ms",
                baselines.brokerP99Millis(), "broker p99", null);
    }

    /** Down-sync throughput: API writes as fast as the HTTP clients go, counted as the device applies them. */
    void downThroughput() throws Exception {
        double baseline = baselines.derbyRowsPerSecond(1);
        GatewayNode gateway = bench.gateway();
        String runId = bench.nextRunId("down");
        bench.startRun(runId, Map.of("durationSeconds", 0));
        Bench.progress("down-sync throughput: API writes by " + options.writerThreads() + " HTTP clients, " + options.warmupSeconds()
                + " s warm-up + " + options.durationSeconds() + " s measured");
        CloudWriter writer = new CloudWriter(bench.cloud().httpBase(), bench.device(), "LoadDown", options.itemBytes());
        long startNanos = System.nanoTime();
        CompletableFuture<CloudWriter.Outcome> writing = writeAsync(writer, runId, 0,
                options.warmupSeconds() + options.durationSeconds(), 0, Double.POSITIVE_INFINITY);
        sleepUntil(startNanos, options.warmupSeconds(), runId, gateway, null);
        long received0 = gateway.status().downReceived();
        long from = System.nanoTime();
        sleepUntil(startNanos, options.warmupSeconds() + options.durationSeconds(), runId, gateway, null);
        long received1 = gateway.status().downReceived();
        double seconds = (System.nanoTime() - from) / 1e9;
        CloudWriter.Outcome outcome = writing.get();
        GeneratorStatus status = gateway.await(runId, s -> s.downReceived() >= outcome.written(), Duration.ofMinutes(5),
                "every API write on the device");
        double drainSeconds = (status.downLastMicros() - outcome.finishedMicros()) / 1e6;
        bench.report().addWithBaseline("down", "cloud API writes applied on the device", (received1 - received0) / seconds,
                "changes/s", baseline, "Derby 1/commit", String.format(java.util.Locale.ROOT,
                        "API took %s writes/s; last one on the device %.1f s after the last write", Report.number(outcome.perSecond()),
                        drainSeconds));
    }

    /** 100,000 changes written while the engine is paused (offline), then resumed: time until the cloud acked all. */
    void catchUpUp() throws Exception {
        GatewayNode gateway = bench.gateway();
        AckObserver observer = bench.observer();
        long count = options.catchUpCount();
        double baseline = count / baselines.derbyRowsPerSecond(100);
        String runId = bench.nextRunId("catch-up-up");
        long acked0 = observer.acknowledged();
        Bench.progress("catch-up up: " + count + " changes written offline (engine paused), 100-row transactions");
        bench.startRun(runId, Map.of("sync", "pause", "count", count, "rowsPerTransaction", 100, "rate", 0));
        GeneratorStatus resumed = gateway.await(runId, s -> s.resumedMicros() > 0, Duration.ofMinutes(10), "offline writes done");
        Bench.progress("  written in " + String.format(java.util.Locale.ROOT, "%.1f s", (resumed.finishedMicros() - resumed.startedMicros()) / 1e6)
                + "; engine resumed, draining");
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        long lastProgress = System.nanoTime();
        while (observer.acknowledged() - acked0 < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            if (System.nanoTime() - lastProgress > 5e9) {
                Bench.progress("  acked " + (observer.acknowledged() - acked0) + " of " + count);
                lastProgress = System.nanoTime();
            }
        }
        long drained = observer.acknowledged() - acked0;
        boolean all = drained >= count;
        double seconds = all ? (observer.lastAckMicros() - resumed.resumedMicros()) / 1e6 : Double.NaN;
        bench.report().addWithTarget("catch-up", count + " offline device changes: resume → all acked", seconds, "s", 15, false,
                baseline, "Derby insert time", all ? null : "only " + drained + " acked within " + CATCH_UP_LIMIT.toSeconds() + " s"
                        + outOfMemoryNote(gateway));
        if (all) {
            bench.settle(runId, SETTLE_LIMIT);
        } else {
            bench.replaceGateway();
        }
    }

    /** 100,000 API writes while the engine is paused (offline), then resumed: time until the device applied all. */
    void catchUpDown() throws Exception {
        GatewayNode gateway = bench.gateway();
        long count = options.catchUpCount();
        double baseline = count / baselines.derbyRowsPerSecond(100);
        String paused = bench.nextRunId("catch-up-down-paused");
        Bench.progress("catch-up down: " + count + " API writes while the engine is paused");
        bench.startRun(paused, Map.of("sync", "paused", "durationSeconds", 0));
        gateway.await(paused, GeneratorStatus::paused, Duration.ofSeconds(30), "paused engine");
        CloudWriter writer = new CloudWriter(bench.cloud().httpBase(), bench.device(), "LoadDown", options.itemBytes());
        // A slow API must not hold the whole run: writing stops after the limit, and the figure names how many were written.
        CompletableFuture<CloudWriter.Outcome> writing = writeAsync(writer, paused, count, CATCH_UP_LIMIT.toSeconds(), 0,
                Double.POSITIVE_INFINITY);
        watchWriter(writing, writer, count);
        CloudWriter.Outcome outcome = writing.get();
        Bench.progress("  " + outcome.written() + " written (" + Report.number(outcome.perSecond()) + "/s); resuming the engine");
        String resumedRun = bench.nextRunId("catch-up-down");
        bench.startRun(resumedRun, Map.of("sync", "run", "durationSeconds", 0));
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        GeneratorStatus status = gateway.status();
        long lastProgress = System.nanoTime();
        while ((status == null || status.downReceived() < outcome.written()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = gateway.status();
            if (System.nanoTime() - lastProgress > 5e9 && status != null) {
                Bench.progress("  applied " + status.downReceived() + " of " + outcome.written());
                lastProgress = System.nanoTime();
            }
        }
        boolean all = status != null && status.downReceived() >= outcome.written();
        double seconds = all ? (status.downLastMicros() - status.resumedMicros()) / 1e6 : Double.NaN;
        bench.report().addWithTarget("catch-up", outcome.written() + " offline cloud changes: resume → all applied", seconds, "s", 15,
                false, baseline, "Derby insert time", all ? null : "only " + (status == null ? 0 : status.downReceived())
                        + " applied within " + CATCH_UP_LIMIT.toSeconds() + " s" + outOfMemoryNote(gateway));
        if (!all) {
            bench.replaceGateway();
        }
    }

    /** A restart of an existing gateway while the cloud holds new changes for it: launch → connected and caught up. */
    void coldStart() throws Exception {
        bench.gateway();
        CloudWriter writer = new CloudWriter(bench.cloud().httpBase(), bench.device(), "LoadDown", options.itemBytes());
        List<Double> seconds = new ArrayList<>();
        for (int start = 1; start <= options.coldStarts(); start++) {
            bench.stopGateway();
            CloudWriter.Outcome outcome = writer.write("cold-" + start + "-" + System.currentTimeMillis(), 10, 0, 0, 2, Double.POSITIVE_INFINITY);
            GatewayNode gateway = bench.startGateway(true, outcome.lastVersion(), "cold start " + start + " of " + options.coldStarts(), "");
            GeneratorStatus status = gateway.status();
            double took = (status.caughtUpMicros() - gateway.process().startedMicros()) / 1e6;
            Bench.progress(String.format(java.util.Locale.ROOT, "  launch → connected and caught up: %.2f s", took));
            seconds.add(took);
        }
        Collections.sort(seconds);
        bench.report().addWithTarget("cold-start", "restart → connected and caught up (median of " + seconds.size() + ")",
                seconds.get(seconds.size() / 2), "s", 3, false, null, null, "all: " + seconds + "; 10 cloud changes waiting");
    }

    /** Gateway memory under load (from the 100-row up-sync run) and idle, with and without the Web Console. */
    void memory() throws Exception {
        if (loadMemory == null) {
            upThroughput(100);
        }
        bench.report().addWithBaseline("memory", "under load (100-row up-sync): heap used, max", loadMemory.maxHeapUsed() / MIB, "MiB",
                null, null, "-Xmx" + options.gatewayHeap() + " (max " + Report.number(loadMemory.heapMax() / MIB) + " MiB)");
        bench.report().add("memory", "under load (100-row up-sync): process RSS, max", loadMemory.maxRss() / MIB, "MiB", null);
        bench.report().addWithTarget("memory", "ran under load with -Xmx" + options.gatewayHeap() + " (1 = alive, no OOM)",
                loadMemory.alive() && !loadMemory.outOfMemory() ? 1 : 0, "", 1, true, null, null, null);
        idleRss(false, "", "idle RSS without Web Console", true);
        idleRss(true, "", "idle RSS with Web Console", false);
        idleRss(false, LEAN_JVM, "idle RSS without Web Console, lean JVM options", false);
        bench.stopGateway();
    }

    private String outOfMemoryNote(GatewayNode gateway) throws java.io.IOException {
        return gateway.process().output().contains("OutOfMemoryError")
                ? "; the gateway ran out of heap (-Xmx" + options.gatewayHeap() + ", see " + gateway.process().log() + ")"
                : "";
    }

    private void idleRss(boolean console, String jvmOptions, String metric, boolean target) throws Exception {
        bench.stopGateway();
        GatewayNode gateway = bench.startGateway(console, 0, jvmOptions.isEmpty() ? "idle memory" : "idle memory, " + jvmOptions,
                jvmOptions);
        Thread.sleep(10_000);
        double rss = gateway.process().rssBytes() / MIB;
        GeneratorStatus status = gateway.status();
        String note = "10 s after caught up; heap used " + Report.number(status.heapUsedBytes() / MIB) + " MiB"
                + (jvmOptions.isEmpty() ? "" : "; " + jvmOptions);
        if (target) {
            bench.report().addWithTarget("memory", metric, rss, "MiB", 120, false, null, null, note);
        } else {
            bench.report().add("memory", metric, rss, "MiB", note);
        }
    }

    private CompletableFuture<CloudWriter.Outcome> writeAsync(CloudWriter writer, String prefix, long count, double seconds, double rate,
            double warmupSeconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return writer.write(prefix, count, seconds, rate, options.writerThreads(), warmupSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private void watchDown(String runId, GatewayNode gateway, CompletableFuture<?> writing) throws Exception {
        while (!writing.isDone()) {
            Thread.sleep(5_000);
            GeneratorStatus status = gateway.status();
            if (status != null && !writing.isDone()) {
                Bench.progress("  applied on the device so far: " + status.downReceived());
            }
        }
    }

    private static void watchWriter(CompletableFuture<CloudWriter.Outcome> writing, CloudWriter writer, long count)
            throws InterruptedException {
        long nextProgress = System.nanoTime() + 10_000_000_000L;
        while (!writing.isDone()) {
            Thread.sleep(200);
            if (System.nanoTime() >= nextProgress) {
                Bench.progress("  API writes under way: " + writer.writtenSoFar() + " of " + count);
                nextProgress += 10_000_000_000L;
            }
        }
    }

    /** Sleeps until {@code seconds} after {@code startNanos}, printing progress every 5 s. */
    private static void sleepUntil(long startNanos, double seconds, String runId, GatewayNode gateway, AckObserver observer)
            throws Exception {
        long until = startNanos + (long) (seconds * 1e9);
        long nextProgress = System.nanoTime() + 5_000_000_000L;
        while (true) {
            long now = System.nanoTime();
            if (now >= until) {
                return;
            }
            if (!gateway.process().alive()) {
                throw new IllegalStateException("gateway exited during " + runId + " (log: " + gateway.process().log() + ")");
            }
            Thread.sleep(Math.max(1, Math.min(until - now, nextProgress - now) / 1_000_000));
            if (System.nanoTime() >= nextProgress) {
                GeneratorStatus status = gateway.status();
                if (status != null) {
                    Bench.progress(String.format(java.util.Locale.ROOT, "  %5.0f s: committed %d, %s outbox %d, RSS %.0f MiB",
                            (System.nanoTime() - startNanos) / 1e9, status.committed(),
                            observer == null ? "device applied " + status.downReceived() + "," : "acked " + observer.acknowledged() + ",",
                            status.outboxDepth(), gateway.process().rssBytes() / MIB));
                }
                nextProgress += 5_000_000_000L;
            }
        }
    }
}
