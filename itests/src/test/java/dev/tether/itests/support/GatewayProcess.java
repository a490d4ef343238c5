package dev.tether.itests.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The assembled gateway runtime started with its own launcher ({@code gateway/bin/tether-gateway})
 * in a separate JVM, with its configuration folder and framework storage under a test directory.
 */
public final class GatewayProcess {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static GatewayProcess start(Path distribution, Path loadDir, Path workDir, String name) throws IOException {
        return start(distribution, loadDir, workDir, name, MosquittoBroker.freePort());
    }

    /** Starts the gateway with its Web Console and HTTP API on the given loopback port. */
    public static GatewayProcess start(Path distribution, Path loadDir, Path workDir, String name, int httpPort) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", distribution.resolve("gateway/bin/tether-gateway").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_OPTS", "-Xmx128m"
                + " -Dorg.osgi.service.http.port=" + httpPort
                + " -Dfelix.fileinstall.dir=" + loadDir.toAbsolutePath()
                + " -Dorg.osgi.framework.storage=" + workDir.resolve(name + "-felix-cache").toAbsolutePath());
        Process process = builder.start();
        ProcessCleanup.killOnExit(process.toHandle());
        return new GatewayProcess(process, log);
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the gateway printed a line matching the regular expression, and returns that line. */
    public String awaitLine(String regex, Duration atMost) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE);
        String[] found = new String[1];
        await("gateway output matching " + regex + " (log: " + log + ")").atMost(atMost).until(() -> {
            java.util.regex.Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                found[0] = matcher.group();
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + output());
            }
            return false;
        });
        return found[0];
    }

    /** SIGKILL: no shutdown hook, no clean close of the database. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** SIGTERM: the framework shuts down cleanly. */
    public void stop() {
        process.destroy();
        process.onExit().join();
    }
}
