package dev.tether.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process the driver started, with its output in a log file; stopped with SIGTERM, then SIGKILL. */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedMicros;

    private ManagedProcess(String name, Process process, Path log, long startedMicros) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedMicros = startedMicros;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log,
            ProcessRegistry registry) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        long started = Clock.epochMicros();
        ManagedProcess process = new ManagedProcess(name, builder.start(), log, started);
        registry.add(process);
        return process;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    long startedMicros() {
        return startedMicros;
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    Path log() {
        return log;
    }

    /** Waits for a line of output matching the pattern and returns the match. */
    Matcher awaitOutput(Pattern pattern, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " (log: " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " printed no " + pattern + " within " + atMost + " (log: " + log + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Resident set size from /proc, 0 if unknown. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** SIGTERM, and SIGKILL if it has not exited within the grace time. */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            stopProcess(grace);
        } finally {
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void stopProcess(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
