package dev.tether.itests.support;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A FileInstall configuration folder for a test gateway: the project's own {@code config/gateway}
 * files, with the values a test must change (broker, paths, device id) overridden.
 */
public final class GatewayConfiguration {

    private final Path source;
    private final Map<String, Map<String, String>> overrides = new HashMap<>();
    private final java.util.Set<String> left = new java.util.HashSet<>();

    public GatewayConfiguration(Path configDir) {
        this.source = configDir.resolve("gateway");
    }

    /**
     * The configuration most tests use: the sample schema, a database under {@code work}, the given
     * broker and device id, no simulated sensor, and an engine that polls and retries quickly (at
     * least every 5 s, so an ack lost during a broker outage is made good soon after).
     */
    public static GatewayConfiguration forDevice(Path configDir, Path work, String brokerUri, String device) {
        return new GatewayConfiguration(configDir)
                .without("dev.tether.sample.sensor")
                .set("dev.tether.schema", "schemaPath", configDir.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .set("dev.tether.transport.mqtt", "brokerUri", brokerUri)
                .set("dev.tether.transport.mqtt", "clientId", device)
                .set("dev.tether.replication", "deviceId", device)
                .set("dev.tether.replication", "pollIntervalMillis", "50")
                .set("dev.tether.replication", "ackTimeoutMillis", "1000")
                .set("dev.tether.replication", "retransmitMaxDelayMillis", "5000");
    }

    public GatewayConfiguration set(String pid, String key, String value) {
        overrides.computeIfAbsent(pid, any -> new TreeMap<>()).put(key, value);
        return this;
    }

    /** Leaves a configuration PID out, e.g. the simulated sensor. */
    public GatewayConfiguration without(String pid) {
        left.add(pid);
        return this;
    }

    public Path writeTo(Path loadDir) throws IOException {
        Files.createDirectories(loadDir);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".cfg"))::iterator) {
                String pid = file.getFileName().toString().replaceFirst("\\.cfg$", "");
                if (left.contains(pid)) {
                    continue;
                }
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    properties.load(reader);
                }
                overrides.getOrDefault(pid, Map.of()).forEach(properties::setProperty);
                try (Writer writer = Files.newBufferedWriter(loadDir.resolve(file.getFileName()), StandardCharsets.ISO_8859_1)) {
                    properties.store(writer, "test configuration derived from " + file);
                }
            }
        }
        return loadDir;
    }
}
