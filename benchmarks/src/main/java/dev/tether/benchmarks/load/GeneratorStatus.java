package dev.tether.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/** The status file the gateway's load generator rewrites (see bundles/load-generator). */
record GeneratorStatus(String runId, boolean writing, long startedMicros, long finishedMicros, long resumedMicros,
        long committed, long transactions, long failures, boolean connected, boolean paused, boolean catchingUp,
        long outboxDepth, long changesAcknowledged, long deviceCursor, long cloudChangesApplied, long caughtUpMicros,
        long downReceived, long downFirstMicros, long downLastMicros, long downTimed, long downP50Micros,
        long downP95Micros, long downP99Micros, long downMaxMicros, long heapUsedBytes, long heapMaxBytes) {

    private static final Gson GSON = new Gson();

    static GeneratorStatus read(Path file) throws IOException {
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), GeneratorStatus.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonParseException e) {
            return null;
        }
    }
}
