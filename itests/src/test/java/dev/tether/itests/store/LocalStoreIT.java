package dev.tether.itests.store;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;
import dev.tether.store.Update;
import dev.tether.sync.SyncService;

/**
 * The local store among the real gateway bundles (store, schema, engine, MQTT transport) with a real
 * mosquitto and the real cloud process: eight application threads write while the engine drains the
 * outbox, and the store's bundle is stopped and started again under that load. Every write the
 * store confirmed must reach the cloud with its final content, and the outbox must empty.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LocalStoreIT {

    private static final String DEVICE = "itest-store-3";
    private static final String STORE_BUNDLE = "tether-store-derby";
    private static final int WRITERS = 8;
    private static final int ITEMS_PER_WRITER = 20;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    private BundleContext context;

    /** Waits until the engine is up before the first test. */
    @Inject
    @org.ops4j.pax.exam.util.Filter(timeout = 60_000)
    private SyncService sync;

    private ServiceTracker<LocalStore, LocalStore> stores;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("local-store");
        return system.options(system.gateway(DEVICE));
    }

    @Before
    public void trackTheStore() {
        stores = new ServiceTracker<>(context, LocalStore.class, null);
        stores.open();
    }

    @After
    public void closeTracker() {
        stores.close();
    }

    @Test
    public void eightWritersWhileTheEngineDrainsLoseNothing() throws Exception {
        Map<String, Map<String, Object>> confirmed = writeConcurrently("load", () -> { });
        awaitAllInCloud(confirmed);
    }

    @Test
    public void stoppingAndStartingTheStoreBundleUnderLoadLosesNothing() throws Exception {
        Bundle storeBundle = Stream.of(context.getBundles()).filter(b -> STORE_BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Object storeBefore = stores.getServiceReference().getProperty("service.id");
        Map<String, Map<String, Object>> confirmed = writeConcurrently("swap", () -> {
            try {
                storeBundle.stop();
                assertEquals(Bundle.RESOLVED, storeBundle.getState());
                storeBundle.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitAllInCloud(confirmed);
        LocalStore store = stores.waitForService(60_000);
        assertNotEquals("a new LocalStore service after the restart", storeBefore,
                stores.getServiceReference().getProperty("service.id"));
        assertEquals(Bundle.ACTIVE, storeBundle.getState());
        for (Map<String, Object> item : confirmed.values()) {
            assertEquals(item.get("value"), store.get("Reading", item).orElseThrow().get("value"));
        }
    }

    /**
     * Each writer creates its items, then updates each once, retrying a write the store refused as
     * unavailable on whatever store service is registered next; runs {@code meanwhile} halfway.
     */
    private Map<String, Map<String, Object>> writeConcurrently(String prefix, Runnable meanwhile) throws Exception {
        Map<String, Map<String, Object>> confirmed = new ConcurrentHashMap<>();
        AtomicBoolean halfway = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < ITEMS_PER_WRITER; i++) {
                        String id = prefix + "-" + writer + "-" + i;
                        Map<String, Object> item = Map.of("deviceId", DEVICE, "id", id, "sensor", "s" + writer, "value", i);
                        confirmed.put(id, retrying(store -> store.put("Reading", item)));
                        if (writer == 0 && i == ITEMS_PER_WRITER / 2) {
                            halfway.set(true);
                        }
                    }
                    for (int i = 0; i < ITEMS_PER_WRITER; i++) {
                        String id = prefix + "-" + writer + "-" + i;
                        Update update = Update.set("value", 1000 + i);
                        confirmed.put(id, retrying(store -> store.update("Reading", Map.of("deviceId", DEVICE, "id", id),
                                update, null)));
                    }
                    return null;
                }));
            }
            await("writers halfway").atMost(WAIT).untilTrue(halfway);
            meanwhile.run();
            for (Future<?> writer : done) {
                writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(WRITERS * ITEMS_PER_WRITER, confirmed.size());
        return confirmed;
    }

    private interface StoreWrite {
        Map<String, Object> apply(LocalStore store);
    }

    private Map<String, Object> retrying(StoreWrite write) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            LocalStore store = stores.waitForService(60_000);
            assertTrue("a LocalStore service is registered", store != null);
            try {
                return write.apply(store);
            } catch (StoreException e) {
                // Unavailable while the bundle stops: the next registered store takes the write.
                if (attempt == 100) {
                    throw e;
                }
                await().pollDelay(Duration.ofMillis(20)).until(() -> true);
            }
        }
    }

    private void awaitAllInCloud(Map<String, Map<String, Object>> confirmed) {
        CloudApi api = TestSystem.cloudApi();
        await("every confirmed write in the cloud with its final value").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> confirmed.values().stream().allMatch(item -> {
                    Map<String, Object> inCloud = api.itemContent(DEVICE, "Reading", (String) item.get("pk"),
                            (String) item.get("sk"));
                    return inCloud != null && item.get("value").equals(inCloud.get("value"));
                }));
        await("outbox empty").atMost(WAIT).until(() -> stores.waitForService(10_000).outbox().depth() == 0);
    }
}
