package dev.tether.itests.kura;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The Tether services of the gateway a deployment package installed. Kept out of the test class:
 * its probe bundle resolves the Tether packages dynamically, which works only once the Deployment
 * Admin has installed them, so the test class itself names no Tether type.
 */
final class InstalledGateway {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BundleContext context;

    InstalledGateway(BundleContext context) {
        this.context = context;
    }

    Map<String, Object> put(String model, Map<String, Object> item) {
        return service(LocalStore.class).put(model, item);
    }

    Optional<Map<String, Object>> get(String model, Map<String, Object> key) {
        return service(LocalStore.class).get(model, key);
    }

    long outboxDepth() {
        return service(LocalStore.class).outbox().depth();
    }

    /** The device id the replication engine runs with. */
    String deviceId() {
        return service(SyncService.class).status().deviceId();
    }

    private <T> T service(Class<T> type) {
        await(type.getSimpleName() + " registered").atMost(WAIT).until(() -> context.getServiceReference(type) != null);
        ServiceReference<T> reference = context.getServiceReference(type);
        return context.getService(reference);
    }
}
