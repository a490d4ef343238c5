package dev.tether.itests.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayOptions;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalStore;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportStatus;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Two transport instances: the singleton configuration {@code dev.tether.transport.mqtt} (primary)
 * and a factory configuration {@code dev.tether.transport.mqtt.instance-backup}, on two listeners of
 * one broker. While the gateway writes, the engine is moved to the backup, the backup's broker
 * URI is changed, and the engine is moved back: every change reaches the cloud and the cloud applies
 * each exactly once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportSwitchIT {

    private static final String DEVICE = "itest-switch";
    private static final String REPLICATION_PID = "dev.tether.replication";
    private static final String TRANSPORT_PID = "dev.tether.transport.mqtt";
    private static final String TRANSPORT_FACTORY_PID = "dev.tether.transport.mqtt.instance";
    private static final int PER_PHASE = 150;
    private static final String SECRET = "never-a-service-property";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(value = "(name=backup)", timeout = 60_000)
    private Transport backup;

    @Inject
    @Filter(value = "(name=default)", timeout = 60_000)
    private Transport primary;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configure() throws IOException {
        Path distribution = TestSystem.distribution();
        Path config = TestSystem.config();
        Path work = TestSystem.newWorkFolder("transport-switch");

        ListenerBroker broker = ListenerBroker.start(work.resolve("mosquitto"), 3, List.of());
        CloudService cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri(0));
        Path load = new GatewayConfiguration(config)
                .without("dev.tether.sample.sensor")
                .set("dev.tether.schema", "schemaPath", config.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .set("dev.tether.store.derby", "durability", "test")
                .set(TRANSPORT_PID, "brokerUri", broker.uri(0))
                .set(TRANSPORT_PID, "clientId", DEVICE)
                .set(TRANSPORT_PID, "reconnectMinDelayMillis", "100")
                .set(TRANSPORT_PID, "reconnectMaxDelayMillis", "1000")
                .set(REPLICATION_PID, "deviceId", DEVICE)
                .set(REPLICATION_PID, "pollIntervalMillis", "20")
                .set(REPLICATION_PID, "ackTimeoutMillis", "1000")
                .set(REPLICATION_PID, "Transport.target", "(name=default)")
                .writeTo(work.resolve("load"));
        // The second instance: a factory configuration of the same PID, through the broker's second listener.
        Files.writeString(load.resolve(TRANSPORT_FACTORY_PID + "-backup.cfg"), String.join("\n",
                "name=backup",
                "brokerUri=" + broker.uri(1),
                "deviceId=" + DEVICE,
                "username=" + DEVICE,
                ".password=" + SECRET, // the broker lets anyone in; the point is where the secret shows
                "reconnectMinDelayMillis=100",
                "reconnectMaxDelayMillis=1000",
                ""), StandardCharsets.ISO_8859_1);
        return GatewayOptions.of(distribution, work, load, Map.of(
                "itest.cloud.http", cloud.httpBase(),
                "itest.broker.third", broker.uri(2)));
    }

    @Test
    public void switchingTransportsAndBrokersUnderLoadLosesAndDuplicatesNothing() throws Exception {
        CloudCounters counters = new CloudCounters(System.getProperty("itest.cloud.http"));
        long appliedBefore = counters.changesApplied();
        assertEquals(DEVICE + "-backup", backup.status().clientId());
        assertSecretIsPrivate();
        await("both transports connected").atMost(WAIT).until(() -> primary.isConnected() && backup.isConnected());
        Set<String> written = new HashSet<>();

        write(written, "primary");
        await("the primary carries the load").atMost(WAIT).until(() -> primary.status().messagesOut() > 0);

        retargetReplication("(name=backup)"); // the engine restarts on the backup while the writes go on
        write(written, "to-backup");
        await("the backup carries the load").atMost(WAIT).until(() -> backup.status().messagesOut() > 0);

        long backupSentBefore = backup.status().messagesOut();
        String thirdListener = System.getProperty("itest.broker.third");
        changeBackupBroker(thirdListener); // the backup reconnects elsewhere while the writes go on
        write(written, "new-uri");
        await("the backup works through its new broker URI").atMost(WAIT).until(() -> {
            TransportStatus status = backup.status();
            return status.broker().equals(thirdListener) && status.state() == TransportStatus.State.CONNECTED
                    && status.messagesOut() > backupSentBefore;
        });

        long primarySentBefore = primary.status().messagesOut();
        retargetReplication("(name=default)");
        write(written, "back");
        await("the primary carries the load again").atMost(WAIT)
                .until(() -> primary.status().messagesOut() > primarySentBefore);

        CloudApi api = TestSystem.cloudApi();
        await("all " + written.size() + " readings in the cloud").atMost(WAIT)
                .until(() -> cloudKeys(api).containsAll(written));
        await("outbox empty").atMost(WAIT).until(() -> store.outbox().depth() == 0);
        assertEquals(4 * PER_PHASE, written.size());
        assertEquals("the cloud holds exactly what was written", written, cloudKeys(api));
        assertEquals("every change applied exactly once (resends were answered as duplicates)",
                written.size(), counters.changesApplied() - appliedBefore);
    }

    private void assertSecretIsPrivate() throws InvalidSyntaxException {
        for (ServiceReference<Transport> reference : context.getServiceReferences(Transport.class, null)) {
            for (String key : reference.getPropertyKeys()) {
                assertFalse(key + " of " + reference.getProperty("name"),
                        String.valueOf(reference.getProperty(key)).contains(SECRET));
            }
        }
        assertFalse(backup.status().toString().contains(SECRET));
    }

    private void write(Set<String> written, String phase) {
        for (int i = 0; i < PER_PHASE; i++) {
            Map<String, Object> stored = store.put("Reading",
                    Map.of("deviceId", DEVICE, "sensor", phase + "-" + i, "value", i));
            written.add((String) stored.get("sk"));
        }
    }

    private void retargetReplication(String filter) throws Exception {
        org.osgi.service.cm.Configuration replication = single("(service.pid=" + REPLICATION_PID + ")");
        Dictionary<String, Object> properties = replication.getProperties();
        properties.put("Transport.target", filter);
        replication.update(properties);
    }

    private void changeBackupBroker(String uri) throws Exception {
        org.osgi.service.cm.Configuration backupConfiguration = single(
                "(&(service.factoryPid=" + TRANSPORT_FACTORY_PID + ")(name=backup))");
        Dictionary<String, Object> properties = backupConfiguration.getProperties();
        properties.put("brokerUri", uri);
        backupConfiguration.update(properties);
    }

    private org.osgi.service.cm.Configuration single(String filter) throws IOException, InvalidSyntaxException {
        org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations(filter);
        assertNotNull("a configuration matching " + filter, found);
        assertEquals(1, found.length);
        return found[0];
    }

    private static Set<String> cloudKeys(CloudApi api) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> item : api.items(DEVICE, "Reading", 1000)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) item.get("key");
            keys.add(String.valueOf(key.get("sk")));
        }
        return keys;
    }
}
