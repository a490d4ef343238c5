package dev.tether.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayProcess;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.After;
import org.junit.Test;

/**
 * A gateway JVM killed with SIGKILL right after a commit loses nothing: every committed item is in
 * the database and its outbox after the crash, and reaches the cloud after a restart without any
 * further write.
 */
public class GatewayCrashRecoveryIT {

    private static final String DEVICE = "crash-gateway-3";
    private static final Pattern COMMITTED = Pattern.compile("sensor committed reading (\\d+) (\\S+)");

    private final Path distribution = TestSystem.distribution();
    private final Path config = TestSystem.config();
    private final Path work = TestSystem.newWorkFolder("crash");
    private MosquittoBroker broker;
    private CloudService cloud;
    private GatewayProcess gateway;

    @After
    public void stopAll() {
        if (gateway != null) {
            gateway.stop();
        }
        if (cloud != null) {
            cloud.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    public void aChangeCommittedRightBeforeSigkillReachesTheCloudAfterRestart() throws Exception {
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
        cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        Path database = work.resolve("store");
        GatewayConfiguration configuration = new GatewayConfiguration(config)
                .set("dev.tether.schema", "schemaPath", config.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", database.toString())
                .set("dev.tether.transport.mqtt", "brokerUri", broker.uri())
                .set("dev.tether.transport.mqtt", "clientId", DEVICE)
                .set("dev.tether.replication", "deviceId", DEVICE)
                .set("dev.tether.sample.sensor", "deviceId", DEVICE)
                .set("dev.tether.sample.sensor", "intervalMillis", "20");

        gateway = GatewayProcess.start(distribution, configuration.writeTo(work.resolve("load-1")), work, "gateway-1");
        String lastLine = gateway.awaitLine("sensor committed reading 40 \\S+", Duration.ofSeconds(90));
        gateway.kill();
        gateway = null;

        Matcher committed = COMMITTED.matcher(lastLine);
        assertTrue(lastLine, committed.find());
        String lastKey = committed.group(2);
        Set<String> readingsOnDisk = readingKeys(database);
        assertTrue("the last commit before SIGKILL survived: " + lastKey, readingsOnDisk.contains(lastKey));
        assertTrue(readingsOnDisk.size() >= 40);

        Path secondLoad = configuration.without("dev.tether.sample.sensor").writeTo(work.resolve("load-2"));
        gateway = GatewayProcess.start(distribution, secondLoad, work, "gateway-2");

        CloudApi api = cloud.api();
        await("every reading on disk is in the cloud").atMost(Duration.ofSeconds(90)).until(() ->
                cloudReadingKeys(api).containsAll(readingsOnDisk));
        assertEquals("nothing the device never committed appeared", readingsOnDisk, cloudReadingKeys(api));
    }

    private static Set<String> cloudReadingKeys(CloudApi api) {
        return api.items(DEVICE, "Reading", 1_000).stream()
                .map(record -> (String) ((Map<?, ?>) record.get("item")).get("sk"))
                .collect(Collectors.toSet());
    }

    /** Opens the crashed gateway's database in this JVM (Derby recovers it) and reads the reading keys. */
    private static Set<String> readingKeys(Path database) throws SQLException {
        EmbeddedDriver driver = new EmbeddedDriver();
        Set<String> keys = new HashSet<>();
        try (Connection connection = driver.connect("jdbc:derby:" + database, new Properties());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT SK FROM TETHER.READING")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        try {
            driver.connect("jdbc:derby:" + database + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            assertEquals("08006", expected.getSQLState());
        }
        return keys;
    }
}
