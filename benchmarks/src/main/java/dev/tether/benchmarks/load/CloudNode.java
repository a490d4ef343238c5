package dev.tether.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The distribution's cloud service (its own launcher), with the benchmark schema and its own data folder. */
final class CloudNode {

    private static final Pattern READY = Pattern.compile("Tether cloud ready: broker (\\S+), HTTP (http://\\S+?)/api/status");

    private final ManagedProcess process;
    private final String brokerUri;
    private final String httpBase;

    private CloudNode(ManagedProcess process, String brokerUri, String httpBase) {
        this.process = process;
        this.brokerUri = brokerUri;
        this.httpBase = httpBase;
    }

    /** With its embedded broker on a free port. */
    static CloudNode startWithBroker(Workspace workspace, String name, ProcessRegistry registry) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>();
        environment.put("TETHER_CLOUD_BROKER_EMBEDDED", "true");
        environment.put("TETHER_CLOUD_BROKER_PORT", Integer.toString(Workspace.freePort()));
        return start(workspace, name, environment, registry);
    }

    /**
     * With the given environment on top of the benchmark's (data folder, schema, free HTTP port, client id);
     * e.g. an external broker and store for a second instance.
     */
    static CloudNode start(Workspace workspace, String name, Map<String, String> extra, ProcessRegistry registry)
            throws IOException, InterruptedException {
        Path home = workspace.dir(name);
        Map<String, String> environment = new HashMap<>();
        environment.put("TETHER_CLOUD_HTTP_PORT", "0");
        environment.put("TETHER_CLOUD_DATA_DIR", home.resolve("data").toString());
        environment.put("TETHER_CLOUD_SCHEMA_PATH", workspace.schema().toString());
        environment.put("TETHER_CLOUD_CLIENT_ID", "bench-" + name);
        environment.put("TETHER_CLOUD_FEED_INTERVAL_MILLIS", "200");
        environment.putAll(extra);
        ManagedProcess process = ManagedProcess.start(name, List.of("sh",
                workspace.distribution().resolve("cloud/bin/tether-cloud").toString()), environment, home.resolve(name + ".log"), registry);
        Matcher ready = process.awaitOutput(READY, Duration.ofSeconds(90));
        return new CloudNode(process, ready.group(1), ready.group(2));
    }

    String brokerUri() {
        return brokerUri;
    }

    String httpBase() {
        return httpBase;
    }

    ManagedProcess process() {
        return process;
    }

    void stop() {
        process.stop(Duration.ofSeconds(30));
    }
}
