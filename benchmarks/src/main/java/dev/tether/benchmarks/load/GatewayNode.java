package dev.tether.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution's gateway runtime (its own launcher) with a bundle folder holding the load
 * generator, a FileInstall folder the driver writes, a durable store of its own, and its status file.
 */
final class GatewayNode {

    static final String GENERATOR_PID = "dev.tether.load.generator";

    private final ManagedProcess process;
    private final Path home;
    private final Path loadDir;
    private final Path statusFile;
    private final String deviceId;

    private GatewayNode(ManagedProcess process, Path home, Path loadDir, Path statusFile, String deviceId) {
        this.process = process;
        this.home = home;
        this.loadDir = loadDir;
        this.statusFile = statusFile;
        this.deviceId = deviceId;
    }

    /** How the gateway runs: heap limit, Web Console or not, the engine's outbox poll interval, extra JVM options. */
    record Settings(String maxHeap, boolean console, long pollIntervalMillis, String extraJvmOptions) {
    }

    /**
     * Starts the gateway (a new one or the same one again: the database stays) with the generator's
     * first run configured before the framework starts.
     */
    static GatewayNode start(Workspace workspace, String name, String brokerUri, String deviceId, Settings settings,
            Map<String, Object> firstRun, ProcessRegistry registry) throws IOException {
        Path home = workspace.dir(name);
        Path loadDir = Files.createDirectories(home.resolve("load"));
        Path statusFile = home.resolve("load-status.json");
        Files.deleteIfExists(statusFile);
        write(loadDir, "dev.tether.schema", Map.of("schemaPath", workspace.schema().toString(), "watchIntervalMillis", 0));
        write(loadDir, "dev.tether.store.derby", Map.of("databasePath", home.resolve("store").toString(), "durability", "full"));
        write(loadDir, "dev.tether.transport.mqtt", Map.of("brokerUri", brokerUri, "deviceId", deviceId, "clientId", deviceId,
                "reconnectMinDelayMillis", 100, "reconnectMaxDelayMillis", 1000));
        write(loadDir, "dev.tether.replication", Map.of("deviceId", deviceId, "pollIntervalMillis", settings.pollIntervalMillis()));
        GatewayNode gateway = new GatewayNode(null, home, loadDir, statusFile, deviceId);
        gateway.configureRun(firstRun);
        Path bundles = workspace.gatewayBundles(name, settings.console());
        String javaOptions = "-Xmx" + settings.maxHeap()
                + " -Dorg.osgi.service.http.port=" + Workspace.freePort()
                + " -Dfelix.auto.deploy.dir=" + bundles
                + " -Dfelix.fileinstall.dir=" + loadDir
                + " -Dfelix.fileinstall.poll=200"
                + " -Dorg.osgi.framework.storage=" + home.resolve("felix-cache")
                + " -Dorg.osgi.framework.storage.clean=onFirstInit"
                + (settings.extraJvmOptions().isBlank() ? "" : " " + settings.extraJvmOptions());
        ManagedProcess process = ManagedProcess.start(name, List.of("sh",
                workspace.distribution().resolve("gateway/bin/tether-gateway").toString()),
                Map.of("JAVA_OPTS", javaOptions), home.resolve(name + "-" + System.currentTimeMillis() + ".log"), registry);
        return new GatewayNode(process, home, loadDir, statusFile, deviceId);
    }

    /** Starts a new generator run with these properties (see the load-generator README). */
    void configureRun(Map<String, Object> run) throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>(run);
        properties.putIfAbsent("deviceId", deviceId);
        properties.put("statusFile", statusFile.toString());
        write(loadDir, GENERATOR_PID, properties);
    }

    /** The generator's last status, or null before its first one. */
    GeneratorStatus status() throws IOException {
        return GeneratorStatus.read(statusFile);
    }

    /** Waits until the named run reports and the condition holds; fails if the gateway exits. */
    GeneratorStatus await(String runId, java.util.function.Predicate<GeneratorStatus> condition, Duration atMost, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            GeneratorStatus status = status();
            if (status != null && runId.equals(status.runId()) && condition.test(status)) {
                return status;
            }
            if (!process.alive()) {
                throw new IllegalStateException("gateway exited while waiting for " + what + " (log: " + process.log() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway: no " + what + " within " + atMost + "; last status " + status
                        + " (log: " + process.log() + ")");
            }
            Thread.sleep(20);
        }
    }

    ManagedProcess process() {
        return process;
    }

    Path home() {
        return home;
    }

    String deviceId() {
        return deviceId;
    }

    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** A FileInstall .cfg, moved into place whole so that FileInstall never reads half of it. */
    private static void write(Path loadDir, String pid, Map<String, ?> properties) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=')
                .append(String.valueOf(value).replace("\\", "\\\\")).append('\n'));
        Path partial = loadDir.resolveSibling(pid + ".cfg.partial");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, loadDir.resolve(pid + ".cfg"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
