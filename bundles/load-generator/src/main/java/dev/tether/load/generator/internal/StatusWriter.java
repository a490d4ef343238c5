package dev.tether.load.generator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.tether.sync.SyncStatus;

/** Writes the run's state as one JSON object, replacing the file atomically so readers never see half of it. */
final class StatusWriter {

    private final Path file;
    private final Path partial;

    StatusWriter(Path file) {
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".partial");
    }

    void write(String runId, WriteLoop writes, DownArrivals arrivals, SyncStatus sync, long caughtUpMicros, boolean writing)
            throws IOException {
        LatencyHistogram down = arrivals.latencies();
        String json = "{"
                + field("runId", '"' + runId.replace("\"", "") + '"')
                + field("writing", writing)
                + field("startedMicros", writes.startedMicros)
                + field("finishedMicros", writes.finishedMicros)
                + field("resumedMicros", writes.resumedMicros)
                + field("committed", writes.committed.get())
                + field("transactions", writes.transactions.get())
                + field("failures", writes.failures.get())
                + field("connected", sync.connected())
                + field("paused", sync.paused())
                + field("catchingUp", sync.catchingUp())
                + field("outboxDepth", sync.outboxDepth())
                + field("changesAcknowledged", sync.changesAcknowledged())
                + field("deviceCursor", sync.deviceCursor())
                + field("cloudChangesApplied", sync.cloudChangesApplied())
                + field("caughtUpMicros", caughtUpMicros)
                + field("downReceived", arrivals.received())
                + field("downFirstMicros", arrivals.firstMicros())
                + field("downLastMicros", arrivals.lastMicros())
                + field("downTimed", down.count())
                + field("downP50Micros", down.percentileMicros(0.50))
                + field("downP95Micros", down.percentileMicros(0.95))
                + field("downP99Micros", down.percentileMicros(0.99))
                + field("downMaxMicros", down.maxMicros())
                + field("heapUsedBytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                + "\"heapMaxBytes\":" + Runtime.getRuntime().maxMemory()
                + "}\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(partial, json, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String field(String name, Object value) {
        return '"' + name + "\":" + value + ',';
    }
}
