package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;
import javax.sql.DataSource;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.Condition;
import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;
import dev.tether.store.Update;
import dev.tether.store.ValidationException;
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
 * The ways the reference design loses or corrupts data (notes/reference-design.md), one test each,
 * against the real gateway bundles, a real broker and the real cloud service. Failures 1 and 3 at
 * process level (SIGKILL right after a commit) are also covered by GatewayCrashRecoveryIT; failure 5's
 * clock skew by the conflict tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReferenceFailuresIT {

    private static final String DEVICE = "reference-gateway-13";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    @Filter(value = "(tether.datasource=local)", timeout = 60_000)
    private DataSource dataSource;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("reference");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void failure01And02_changesMadeOfflineSurviveAnOrderlyRestartAndSyncAfterBoot() throws Exception {
        connected();
        MosquittoBroker broker = broker();
        broker.stop();
        await().atMost(SYNC_WAIT).until(() -> !sync().status().connected());
        Map<String, Object> fault = store().put("Fault", Map.of("deviceId", DEVICE, "code", "E-BEFORE-REBOOT"));

        restartBundles("tether-replication", "tether-store-derby");
        assertTrue("the change is still waiting", store().outbox().depth() >= 1);
        broker.restart();

        awaitInCloud("Fault", fault);
    }

    @Test
    public void failure03_captureHappensInTheWritersOwnTransaction() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO TETHER.FAULT"
                    + " (\"PK\", \"SK\", \"ID\", \"DEVICEID\", \"CODE\", \"SEVERITY\", \"ACTIVE\") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, "Fault#" + DEVICE);
                insert.setString(2, "Fault#in-tx");
                insert.setString(3, "in-tx");
                insert.setString(4, DEVICE);
                insert.setString(5, "E-IN-TX");
                insert.setString(6, "info");
                insert.setBoolean(7, true);
                insert.executeUpdate();
            }
            try (PreparedStatement outbox = connection.prepareStatement(
                    "SELECT COUNT(*) FROM TETHER.OUTBOX WHERE MODEL = 'Fault' AND SK = 'Fault#in-tx'");
                    ResultSet count = outbox.executeQuery()) {
                count.next();
                assertEquals("captured before the commit, in the same transaction", 1, count.getInt(1));
            }
            connection.rollback();
        }
        assertFalse(store().get("Fault", Map.of("deviceId", DEVICE, "id", "in-tx")).isPresent());
    }

    @Test
    public void failure04_aSecondWriteToAnUnsentItemIsNotLostAndAnEarlyAckKeepsNewerData() {
        connected();
        sync().pause();
        Map<String, Object> first = store().put("Fault", Map.of("deviceId", DEVICE, "id", "coalesce", "code", "E-V1"));
        store().update("Fault", first, Update.set("code", "E-V2"), Condition.EXISTS);
        sync().resume();
        await("latest content in the cloud").atMost(SYNC_WAIT).until(() -> "E-V2".equals(contentInCloud("Fault", first)
                .map(item -> item.get("code")).orElse(null)));

        for (int i = 3; i <= 30; i++) {
            store().update("Fault", first, Update.set("code", "E-V" + i), Condition.EXISTS);
        }
        await("the last of many quick writes wins").atMost(SYNC_WAIT).until(() -> "E-V30".equals(
                contentInCloud("Fault", first).map(item -> item.get("code")).orElse(null)) && store().outbox().depth() == 0);
    }

    @Test
    public void failure05_aCloudChangeIsStoredAsTheCloudHasItAndACloudDeleteStaysDeleted() {
        connected();
        cloud().put("/api/devices/" + DEVICE + "/items/Setting", Map.of("deviceId", DEVICE, "name", "stamp", "value", "a"));
        Map<String, Object> key = Map.of("deviceId", DEVICE, "name", "stamp");
        await().atMost(SYNC_WAIT).until(() -> store().get("Setting", key).isPresent());
        Map<String, Object> inCloud = cloud().itemContent(DEVICE, "Setting", "Setting#" + DEVICE, "Setting#stamp");
        assertEquals("not re-stamped with the device clock", inCloud.get("updated"), store().get("Setting", key).orElseThrow().get("updated"));

        cloud().delete("/api/devices/" + DEVICE + "/items/Setting?pk=Setting%23" + DEVICE + "&sk=Setting%23stamp");
        await("deleted on the device").atMost(SYNC_WAIT).until(() -> store().get("Setting", key).isEmpty());
        await("and not resurrected").during(Duration.ofSeconds(1)).atMost(SYNC_WAIT)
                .until(() -> cloud().item(DEVICE, "Setting", "Setting#" + DEVICE, "Setting#stamp").isEmpty());
    }

    @Test
    public void failure06_directionIsEnforcedOnTheDevice() {
        StoreException refused = assertThrows(StoreException.class,
                () -> store().put("Setting", Map.of("deviceId", DEVICE, "name", "local", "value", "x")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("Setting"));
        assertEquals(0, store().outbox().pending(10, java.util.Set.of()).stream()
                .filter(change -> change.model().equals("Setting")).count());
    }

    @Test
    public void failure07_aLostAckIsRecoveredWithoutAnyFurtherWrite() throws Exception {
        connected();
        long cloudPid = TestSystem.cloudPid();
        MosquittoBroker broker = broker();
        signal("STOP", cloudPid);
        Map<String, Object> fault;
        try {
            fault = store().put("Fault", Map.of("deviceId", DEVICE, "code", "E-LOST-ACK"));
            await("sent, not acknowledged").atMost(SYNC_WAIT).until(() -> sync().status().inFlightBatches() > 0);
            broker.stop();
            broker.restart();
        } finally {
            signal("CONT", cloudPid);
        }
        awaitInCloud("Fault", fault);
        await("acknowledged in the end").atMost(SYNC_WAIT).until(() -> store().outbox().depth() == 0);
    }

    @Test
    public void failure08_anOversizedItemDoesNotPoisonTheItemsBehindIt() {
        connected();
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("deviceId", DEVICE);
        huge.put("code", "E-HUGE");
        huge.put("details", Map.of("dump", "x".repeat(200_000)));
        store().put("Fault", huge);
        Map<String, Object> small = store().put("Fault", Map.of("deviceId", DEVICE, "code", "E-SMALL"));

        awaitInCloud("Fault", small);
        await("the oversized change is a dead letter with its reason").atMost(SYNC_WAIT).until(() -> store().outbox()
                .deadLetters().list(100).stream().anyMatch(letter -> letter.reason().contains("can never fit")));
    }

    @Test
    public void failure09_theOutboxEmptiesOnceTheCloudAcknowledged() {
        connected();
        for (int i = 0; i < 200; i++) {
            store().put("Reading", Map.of("deviceId", DEVICE, "sensor", "flow", "value", i));
        }
        await("outbox back to empty").atMost(SYNC_WAIT).until(() -> store().outbox().depth() == 0);
    }

    @Test
    public void failure10_eachDirectionKeepsItsOwnPlace() throws Exception {
        connected();
        MosquittoBroker broker = broker();
        broker.stop();
        await().atMost(SYNC_WAIT).until(() -> !sync().status().connected());
        Map<String, Object> up = store().put("Fault", Map.of("deviceId", DEVICE, "code", "E-BOTH-WAYS"));
        cloud().put("/api/devices/" + DEVICE + "/items/Setting", Map.of("deviceId", DEVICE, "name", "both", "value", "down"));

        broker.restart();

        awaitInCloud("Fault", up);
        await("the cloud's change arrived too").atMost(SYNC_WAIT)
                .until(() -> store().get("Setting", Map.of("deviceId", DEVICE, "name", "both")).isPresent());
    }

    @Test
    public void failure11And12_aCommandRunsOnceWhateverReconnectsAndResyncsHappen() throws Exception {
        connected();
        AtomicInteger runs = new AtomicInteger();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CommandHandler.COMMAND_PROPERTY, "reference-reboot");
        ServiceRegistration<CommandHandler> handler = context.registerService(CommandHandler.class,
                args -> "run " + runs.incrementAndGet(), properties);
        try {
            MosquittoBroker broker = broker();
            for (int i = 0; i < 3; i++) {
                broker.stop();
                broker.restart();
                await().atMost(SYNC_WAIT).until(() -> sync().status().connected());
            }
            cloud().put("/api/devices/" + DEVICE + "/items/Command",
                    Map.of("deviceId", DEVICE, "id", "ref-cmd", "command", "reference-reboot"));
            await("done in the cloud").atMost(SYNC_WAIT).until(() -> "done".equals(Optional.ofNullable(
                    cloud().itemContent(DEVICE, "Command", "Command#" + DEVICE, "Command#ref-cmd"))
                    .map(item -> item.get("status")).orElse(null)));

            sync().fullResync();
            await("not run again after a full resync").during(Duration.ofSeconds(2)).atMost(SYNC_WAIT)
                    .until(() -> runs.get() == 1 && !sync().status().catchingUp());
        } finally {
            handler.unregister();
        }
    }

    @Test
    public void failure13_requiredFieldsHoldOnEveryWriteAndTheCloudRefusesForgedOwnership() {
        connected();
        Map<String, Object> fault = store().put("Fault", Map.of("deviceId", DEVICE, "code", "E-REQUIRED"));
        ValidationException invalid = assertThrows(ValidationException.class,
                () -> store().update("Fault", fault, Update.removing("code"), Condition.EXISTS));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("code"));

        store().put("Fault", Map.of("deviceId", "not-" + DEVICE, "code", "E-FORGED"));
        await("the forged item is rejected by the cloud and set aside").atMost(SYNC_WAIT).until(() -> store().outbox()
                .deadLetters().list(100).stream().anyMatch(letter -> letter.key().pk().equals("Fault#not-" + DEVICE)));
        assertTrue(cloud().items("not-" + DEVICE, "Fault", 10).isEmpty());
    }

    private void connected() {
        await("connected").atMost(SYNC_WAIT).until(() -> sync().status().connected());
    }

    private void awaitInCloud(String model, Map<String, Object> item) {
        await(model + " " + item.get("sk") + " in the cloud").atMost(SYNC_WAIT)
                .until(() -> contentInCloud(model, item).isPresent());
    }

    private Optional<Map<String, Object>> contentInCloud(String model, Map<String, Object> item) {
        return Optional.ofNullable(cloud().itemContent(DEVICE, model, (String) item.get("pk"), (String) item.get("sk")));
    }

    private void restartBundles(String... symbolicNames) throws Exception {
        for (String name : symbolicNames) {
            bundle(name).stop();
        }
        for (int i = symbolicNames.length - 1; i >= 0; i--) {
            bundle(symbolicNames[i]).start();
        }
        await("engine and store back").atMost(SYNC_WAIT).until(() -> current(SyncService.class) != null
                && current(LocalStore.class) != null);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** The service registered now: an injected one would be gone once its bundle restarted. */
    private <T> T current(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        return reference == null ? null : context.getService(reference);
    }

    private <T> T awaitCurrent(Class<T> type) {
        await(type.getSimpleName() + " registered").atMost(SYNC_WAIT).until(() -> current(type) != null);
        return current(type);
    }

    private SyncService sync() {
        return awaitCurrent(SyncService.class);
    }

    private LocalStore store() {
        return awaitCurrent(LocalStore.class);
    }

    private static MosquittoBroker broker() throws IOException {
        return TestSystem.broker();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals("kill -" + signal + " " + pid, 0, kill.waitFor());
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }
}
