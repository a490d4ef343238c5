package dev.tether.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where one driver run keeps its files: the benchmark schema, each gateway's bundle folder,
 * configuration and database, each cloud's data, and all logs. Reads the assembled distribution
 * and the load-generator bundle from the build.
 */
final class Workspace {

    /** Bundles of the Web Console stack, left out for the "without console" gateway. */
    private static final List<String> CONSOLE_BUNDLES = List.of("spifly", "slf4j", "commons-fileupload", "commons-io",
            "encoder", "jetty", "servlet-api", "inventory", "webconsole", "tether-console");

    static final String SCHEMA = """
            {
              "format": "onetable:1.1.0",
              "version": "1.0.0",
              "indexes": { "primary": { "hash": "pk", "sort": "sk" } },
              "params": { "isoDates": true, "timestamps": false },
              "models": {
                "LoadUp": {
                  "pk":       { "type": "string", "value": "LoadUp#${deviceId}" },
                  "sk":       { "type": "string", "value": "LoadUp#${id}" },
                  "deviceId": { "type": "string", "required": true },
                  "id":       { "type": "string", "required": true },
                  "payload":  { "type": "string" }
                },
                "LoadDown": {
                  "pk":        { "type": "string", "value": "LoadDown#${deviceId}" },
                  "sk":        { "type": "string", "value": "LoadDown#${id}" },
                  "deviceId":  { "type": "string", "required": true },
                  "id":        { "type": "string", "required": true },
                  "writtenAt": { "type": "number" },
                  "phase":     { "type": "string" },
                  "payload":   { "type": "string" }
                }
              },
              "control": {
                "LoadUp":   { "enable": "both", "sync": "up" },
                "LoadDown": { "enable": "both", "sync": "down" }
              }
            }
            """;

    private final Path root;
    private final Path distribution;
    private final Path generatorJar;
    private final Path schema;

    Workspace(Path root, Path distribution, Path generatorJar) throws IOException {
        this.root = root.toAbsolutePath();
        this.distribution = distribution.toAbsolutePath();
        this.generatorJar = generatorJar.toAbsolutePath();
        Files.createDirectories(this.root);
        this.schema = this.root.resolve("schema.json");
        Files.writeString(schema, SCHEMA, StandardCharsets.UTF_8);
    }

    Path root() {
        return root;
    }

    Path distribution() {
        return distribution;
    }

    Path schema() {
        return schema;
    }

    Path dir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /**
     * A copy of the distribution's gateway bundles with the load generator added and the simulated
     * sensor left out; without the console, the Web Console stack is left out too.
     */
    Path gatewayBundles(String name, boolean console) throws IOException {
        Path target = dir(name).resolve(console ? "bundle" : "bundle-no-console");
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target);
        try (Stream<Path> jars = Files.list(distribution.resolve("gateway/bundle"))) {
            for (Path jar : jars.toList()) {
                String file = jar.getFileName().toString();
                boolean consolePart = CONSOLE_BUNDLES.stream().anyMatch(file::contains);
                if (file.contains("sample-sensor") || (!console && consolePart)) {
                    continue;
                }
                Files.copy(jar, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(generatorJar, target.resolve(generatorJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
