package dev.tether.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.sql.DataSource;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The thin path end to end: the assembled gateway bundles in a real Felix, configured through
 * FileInstall from the project's own configuration files, a real mosquitto broker, and the real
 * cloud service process. Every test waits on conditions, never on time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayToCloudIT {

    /** Not the default of any configuration: seeing it anywhere proves the configuration was applied. */
    private static final String DEVICE = "itest-gateway-7";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(value = "(tether.datasource=local)", timeout = 60_000)
    private DataSource dataSource;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("gateway-to-cloud");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void aPutThroughTheLocalStoreReachesTheCloudAndEmptiesTheOutbox() {
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("deviceId", DEVICE);
        reading.put("sensor", "pressure");
        reading.put("value", 1013.25);
        reading.put("unit", "hPa");
        Map<String, Object> stored = store.put("Reading", reading);
        String pk = (String) stored.get("pk");
        String sk = (String) stored.get("sk");
        assertEquals("Reading#" + DEVICE, pk);

        Map<String, Object> inCloud = awaitInCloud("Reading", pk, sk);

        Map<String, Object> local = store.get("Reading", Map.of("pk", pk, "sk", sk)).orElseThrow();
        assertEquals(local, inCloud);
        assertEquals(1013.25, inCloud.get("value"));
        assertEquals("hPa", inCloud.get("unit"));
        await("outbox empty").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0);
    }

    @Test
    public void aRowInsertedWithPlainJdbcReachesTheCloud() throws Exception {
        String id = "jdbc-" + System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO TETHER.READING"
                        + " (\"PK\", \"SK\", \"ID\", \"DEVICEID\", \"SENSOR\", \"VALUE\", \"UNIT\") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, "Reading#" + DEVICE);
            insert.setString(2, "Reading#" + id);
            insert.setString(3, id);
            insert.setString(4, DEVICE);
            insert.setString(5, "humidity");
            insert.setDouble(6, 41.5);
            insert.setString(7, "%");
            assertEquals(1, insert.executeUpdate());
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }

        Map<String, Object> inCloud = awaitInCloud("Reading", "Reading#" + DEVICE, "Reading#" + id);

        assertEquals("humidity", inCloud.get("sensor"));
        assertEquals(41.5, inCloud.get("value"));
        assertEquals(id, inCloud.get("id"));
    }

    @Test
    public void aPutMadeWhileTheBrokerIsDownArrivesOnceItIsBack() throws Exception {
        MosquittoBroker broker = TestSystem.broker();
        broker.stop();
        await("gateway sees the broker gone").atMost(SYNC_WAIT).until(() -> !sync.status().connected());

        Map<String, Object> stored = store.put("Fault", Map.of("deviceId", DEVICE, "code", "E-OFFLINE-1"));
        assertTrue("the change waits in the outbox", store.outbox().depth() >= 1);
        assertFalse(api().item(DEVICE, "Fault", (String) stored.get("pk"), (String) stored.get("sk")).isPresent());

        broker.restart();

        Map<String, Object> inCloud = awaitInCloud("Fault", (String) stored.get("pk"), (String) stored.get("sk"));
        assertEquals("E-OFFLINE-1", inCloud.get("code"));
        assertEquals("warning", inCloud.get("severity"));
        await("outbox empty").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0);
    }

    @Test
    public void theConfiguredValuesAreTheOnesInForce() throws Exception {
        org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations("(service.pid=dev.tether.replication)");
        assertNotNull("FileInstall delivered the replication configuration", found);
        Dictionary<String, Object> properties = found[0].getProperties();
        assertEquals(DEVICE, properties.get("deviceId"));
        assertEquals("50", String.valueOf(properties.get("pollIntervalMillis")));
        assertEquals(DEVICE, sync.status().deviceId());
    }

    private Map<String, Object> awaitInCloud(String model, String pk, String sk) {
        CloudApi api = api();
        await(model + " " + pk + " / " + sk + " in the cloud").atMost(SYNC_WAIT)
                .until(() -> api.item(DEVICE, model, pk, sk).isPresent());
        return api.itemContent(DEVICE, model, pk, sk);
    }

    private CloudApi api() {
        return TestSystem.cloudApi();
    }
}
