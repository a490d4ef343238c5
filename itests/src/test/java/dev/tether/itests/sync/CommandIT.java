package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.sync.CommandHandler;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Device commands end to end: a command written through the cloud API reaches the gateway, runs in
 * the handler registered for it exactly once, and its outcome comes back to the cloud.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandIT {

    private static final String DEVICE = "command-gateway-2";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("commands");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void aCommandRunsOnceAndItsOutcomeReachesTheCloud() {
        AtomicInteger runs = new AtomicInteger();
        ServiceRegistration<CommandHandler> handler = register("reboot", args -> {
            runs.incrementAndGet();
            return "rebooted after " + args.get("delaySeconds") + " s";
        });
        try {
            sendCommand("cmd-reboot-1", "reboot", Map.of("delaySeconds", 3));

            Map<String, Object> outcome = awaitOutcomeInCloud("cmd-reboot-1");
            assertEquals("done", outcome.get("status"));
            assertEquals("rebooted after 3 s", outcome.get("message"));
            assertEquals(1, runs.get());
        } finally {
            handler.unregister();
        }
    }

    @Test
    public void aHandlerThatThrowsMarksTheCommandFailedWithItsMessage() {
        ServiceRegistration<CommandHandler> handler = register("calibrate", args -> {
            throw new IllegalStateException("sensor 4 does not answer");
        });
        try {
            sendCommand("cmd-calibrate-1", "calibrate", Map.of());

            Map<String, Object> outcome = awaitOutcomeInCloud("cmd-calibrate-1");
            assertEquals("failed", outcome.get("status"));
            assertEquals("sensor 4 does not answer", outcome.get("message"));
        } finally {
            handler.unregister();
        }
    }

    @Test
    public void aCommandWaitsForItsHandlerAndIsNotRunAgainAfterARestart() throws Exception {
        sendCommand("cmd-flush-1", "flush", Map.of());
        await("command on the device").atMost(SYNC_WAIT).until(() -> store.get("Command",
                Map.of("deviceId", DEVICE, "id", "cmd-flush-1")).isPresent());
        assertEquals("pending", store.get("Command", Map.of("deviceId", DEVICE, "id", "cmd-flush-1"))
                .orElseThrow().get("status"));

        AtomicInteger runs = new AtomicInteger();
        ServiceRegistration<CommandHandler> handler = register("flush", args -> "flushed " + runs.incrementAndGet());
        try {
            assertEquals("done", awaitOutcomeInCloud("cmd-flush-1").get("status"));

            Bundle engine = replicationBundle();
            engine.stop();
            engine.start();
            await("engine back").atMost(SYNC_WAIT).until(() -> engine.getState() == Bundle.ACTIVE
                    && currentSyncService().map(service -> service.status().connected()).orElse(false));
            await("not run again").during(Duration.ofSeconds(2)).atMost(SYNC_WAIT).until(() -> runs.get() == 1);
            assertEquals("flushed 1", awaitOutcomeInCloud("cmd-flush-1").get("message"));
        } finally {
            handler.unregister();
        }
    }

    private ServiceRegistration<CommandHandler> register(String command, CommandHandler handler) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CommandHandler.COMMAND_PROPERTY, command);
        return context.registerService(CommandHandler.class, handler, properties);
    }

    private void sendCommand(String id, String command, Map<String, Object> args) {
        cloud().put("/api/devices/" + DEVICE + "/items/Command",
                Map.of("deviceId", DEVICE, "id", id, "command", command, "args", args));
    }

    /** Waits until the cloud holds the command with a final status, and returns its content. */
    private Map<String, Object> awaitOutcomeInCloud(String id) {
        String pk = "Command#" + DEVICE;
        String sk = "Command#" + id;
        await("outcome of " + id + " in the cloud").atMost(SYNC_WAIT).until(() -> {
            Map<String, Object> item = cloud().itemContent(DEVICE, "Command", pk, sk);
            return item != null && ("done".equals(item.get("status")) || "failed".equals(item.get("status")));
        });
        return cloud().itemContent(DEVICE, "Command", pk, sk);
    }

    /** The engine registered now: the injected one is gone once its bundle was restarted. */
    private Optional<SyncService> currentSyncService() {
        ServiceReference<SyncService> reference = context.getServiceReference(SyncService.class);
        return reference == null ? Optional.empty() : Optional.ofNullable(context.getService(reference));
    }

    private Bundle replicationBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("tether-replication".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("tether-replication is not installed");
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }
}
