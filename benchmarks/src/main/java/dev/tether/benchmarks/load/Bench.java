package dev.tether.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One cloud service (embedded broker, embedded Derby) and one gateway, started once and shared by
 * the scenarios of a driver run, with the observer of the gateway's acks.
 */
final class Bench implements AutoCloseable {


    private final Options options;
    private final Workspace workspace;
    private final ProcessRegistry registry;
    private final Report report;
    private CloudNode cloud;
    private GatewayNode gateway;
    private AckObserver observer;
    private int runs;
    private int generation = 1;

    Bench(Options options, Workspace workspace, ProcessRegistry registry, Report report) {
        this.options = options;
        this.workspace = workspace;
        this.registry = registry;
        this.report = report;
    }

    Options options() {
        return options;
    }

    Workspace workspace() {
        return workspace;
    }

    Report report() {
        return report;
    }

    ProcessRegistry registry() {
        return registry;
    }

    CloudNode cloud() throws IOException, InterruptedException {
        if (cloud == null) {
            progress("starting the cloud service (embedded HiveMQ, embedded Derby)");
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("TETHER_CLOUD_BROKER_EMBEDDED", "true");
            environment.put("TETHER_CLOUD_BROKER_PORT", Integer.toString(Workspace.freePort()));
            if (options.profile()) {
                environment.put("JAVA_OPTS", "-Xmx512m -XX:StartFlightRecording=filename="
                        + workspace.root().resolve("cloud-" + System.currentTimeMillis() + ".jfr") + ",settings=profile");
            }
            cloud = CloudNode.start(workspace, "cloud", environment, registry);
            progress("cloud ready: broker " + cloud.brokerUri() + ", HTTP " + cloud.httpBase());
        }
        return cloud;
    }

    AckObserver observer() throws IOException, InterruptedException, MqttException {
        if (observer == null) {
            observer = new AckObserver(cloud().brokerUri(), device(), "LoadUp");
        }
        return observer;
    }

    /** The gateway, started (with the Web Console, as distributed) and caught up if it was not running. */
    GatewayNode gateway() throws IOException, InterruptedException, MqttException {
        if (gateway == null || !gateway.process().alive()) {
            observer();
            boolean first = gateway == null;
            gateway = startGateway(true, 0, first ? "first start, new database" : "restart", "");
            if (first) {
                double seconds = (gateway.status().caughtUpMicros() - gateway.process().startedMicros()) / 1e6;
                report.add("cold-start", "first start, new database → connected and caught up", seconds, "s", "with Web Console");
            }
        }
        return gateway;
    }

    /** Starts the bench gateway (its database stays between starts) and waits until it is connected and caught up. */
    GatewayNode startGateway(boolean console, long caughtUpCursor, String why, String jvmOptions)
            throws IOException, InterruptedException {
        progress("starting the gateway (" + why + ", -Xmx" + options.gatewayHeap() + (console ? ", with" : ", without")
                + " Web Console)");
        String runId = nextRunId("boot");
        Map<String, Object> boot = Map.of("runId", runId, "caughtUpCursor", caughtUpCursor, "statusIntervalMillis", 100);
        GatewayNode started = GatewayNode.start(workspace, "gateway-" + generation, cloud().brokerUri(), device(), settings(console, jvmOptions), boot,
                registry);
        started.await(runId, status -> status.caughtUpMicros() > 0, Duration.ofSeconds(120), "connected and caught up");
        gateway = started;
        return started;
    }

    /** The simulated gateway's device id; a replaced gateway is a new device. */
    String device() {
        return "bench-" + generation;
    }

    /**
     * Replaces the gateway by a new one (new database, new device id, new observer) when a scenario
     * left a backlog it cannot drain in reasonable time, so that the scenarios after it still measure.
     */
    void replaceGateway() throws IOException, InterruptedException, MqttException {
        stopGateway();
        if (observer != null) {
            observer.close();
            observer = null;
        }
        generation++;
        observer();
        startGateway(true, 0, "replacement, new database, device " + device(), "");
    }

    /** Waits for an empty outbox; if it is not empty in time, goes on with a new gateway. */
    void settle(String runId, Duration atMost) throws Exception {
        try {
            awaitDrained(runId, atMost);
        } catch (IllegalStateException e) {
            if (gateway == null || !gateway.process().alive()) {
                throw e;
            }
            progress("outbox not drained within " + atMost.toSeconds() + " s; going on with a new gateway");
            replaceGateway();
        }
    }

    GatewayNode.Settings settings(boolean console, String jvmOptions) {
        String profile = options.profile()
                ? "-XX:StartFlightRecording=filename=" + workspace.root().resolve("gateway-" + System.currentTimeMillis() + ".jfr")
                        + ",settings=profile"
                : "";
        return new GatewayNode.Settings(options.gatewayHeap(), console, options.pollIntervalMillis(), (profile + " " + jvmOptions).trim());
    }

    void stopGateway() {
        if (gateway != null) {
            gateway.stop();
            gateway = null;
        }
    }

    String nextRunId(String what) {
        return what + "-" + (++runs) + "-" + System.currentTimeMillis();
    }

    /** Starts a generator run and waits until the gateway reports it. */
    GeneratorStatus startRun(String runId, Map<String, Object> properties) throws Exception {
        Map<String, Object> run = new LinkedHashMap<>(properties);
        run.put("runId", runId);
        run.putIfAbsent("itemBytes", options.itemBytes());
        run.putIfAbsent("statusIntervalMillis", 250);
        gateway().configureRun(run);
        return gateway().await(runId, status -> true, Duration.ofSeconds(60), "run " + runId);
    }

    /** Waits until the generator finished writing and the outbox is empty again. */
    GeneratorStatus awaitDrained(String runId, Duration atMost) throws Exception {
        return gateway().await(runId, status -> !status.writing() && status.outboxDepth() == 0 && !status.paused(), atMost,
                "an empty outbox");
    }

    static void progress(String message) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), message);
    }

    @Override
    public void close() {
        if (observer != null) {
            observer.close();
        }
        registry.stopAll();
    }
}
