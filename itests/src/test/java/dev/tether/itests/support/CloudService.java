package dev.tether.itests.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud sync service of the assembled distribution, started with its own launcher
 * ({@code cloud/bin/tether-cloud}) against an external broker, on a free HTTP port.
 */
public final class CloudService {

    private static final Pattern READY = Pattern.compile("Tether cloud ready: .*HTTP (http://\\S+?)/api/status");

    private final Process process;
    private final String httpBase;

    private CloudService(Process process, String httpBase) {
        this.process = process;
        this.httpBase = httpBase;
    }

    public static CloudService start(Path distribution, Path workDir, String brokerUri) throws IOException {
        return start(distribution, workDir, brokerUri, Map.of());
    }

    /** With more environment variables, e.g. {@code TETHER_CLOUD_STORE_URL} or {@code TETHER_CLOUD_CLIENT_ID}; they win. */
    public static CloudService start(Path distribution, Path workDir, String brokerUri, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("cloud.log");
        ProcessBuilder builder = new ProcessBuilder("sh", distribution.resolve("cloud/bin/tether-cloud").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("TETHER_CLOUD_BROKER_EMBEDDED", "false");
        env.put("TETHER_CLOUD_BROKER_URI", brokerUri);
        env.put("TETHER_CLOUD_HTTP_PORT", "0");
        env.put("TETHER_CLOUD_DATA_DIR", workDir.resolve("data").toAbsolutePath().toString());
        env.put("TETHER_CLOUD_CLIENT_ID", "itest-cloud-" + ProcessHandle.current().pid());
        env.putAll(environment);
        Process process = builder.start();
        ProcessCleanup.killOnExit(process.toHandle());
        String[] base = new String[1];
        await("cloud service ready (log: " + log + ")").atMost(Duration.ofSeconds(60)).until(() -> {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!process.isAlive()) {
                throw new IllegalStateException("cloud service exited with " + process.exitValue() + ":\n" + output);
            }
            Matcher ready = READY.matcher(output);
            if (ready.find()) {
                base[0] = ready.group(1);
                return true;
            }
            return false;
        });
        return new CloudService(process, base[0]);
    }

    /** The process id, e.g. to suspend the service with SIGSTOP. */
    public long pid() {
        return process.pid();
    }

    public String httpBase() {
        return httpBase;
    }

    public CloudApi api() {
        return new CloudApi(httpBase);
    }

    /** SIGKILL: no shutdown hook, no clean disconnect, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    public void stop() {
        process.destroy();
        process.onExit().join();
    }
}
