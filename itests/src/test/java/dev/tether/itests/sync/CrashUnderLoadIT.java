package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayApi;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayProcess;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;

import org.apache.derby.jdbc.EmbeddedDriver;
import org.junit.After;
import org.junit.Test;

/**
 * SIGKILL in the middle of a flow of changes, at process level: the cloud service killed while the
 * gateway writes continuously and batches are in flight, and the gateway killed while the cloud's
 * writes stream down to it. After the restart every change is where it belongs, exactly once.
 */
public class CrashUnderLoadIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern COMMITTED = Pattern.compile("sensor committed reading (\\d+) ");

    private final Path distribution = TestSystem.distribution();
    private final Path config = TestSystem.config();
    private final Path work = TestSystem.newWorkFolder("crash-load");
    private MosquittoBroker broker;
    private CloudService cloud;
    private GatewayProcess gateway;
    private Thread writer;

    @After
    public void stopAll() throws InterruptedException {
        if (writer != null) {
            writer.interrupt();
            writer.join();
        }
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
    public void theCloudKilledMidBatchLosesNoCommittedWriteAndAppliesNoneTwice() throws Exception {
        String device = "crash-load-gateway-25";
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
        cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        Path database = work.resolve("store");
        Path load = GatewayConfiguration.forDevice(config, work, broker.uri(), device).writeTo(work.resolve("load"));
        // the simulated sensor writes continuously until its configuration is deleted
        Files.writeString(load.resolve("dev.tether.sample.sensor.cfg"), "deviceId=" + device + "\nintervalMillis=10\n");
        int port = MosquittoBroker.freePort();
        gateway = GatewayProcess.start(distribution, load, work, "gateway", port);
        GatewayApi status = new GatewayApi(port);

        gateway.awaitLine("sensor committed reading 100 ", WAIT);
        await("a batch in flight").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> status.number("inFlightBatches") > 0);
        cloud.kill();
        int atKill = lastCommitted(gateway);
        gateway.awaitLine("sensor committed reading " + (atKill + 200) + " ", WAIT);

        cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        CloudApi api = cloud.api();
        await("the restarted cloud receives again").atMost(WAIT)
                .until(() -> api.allItems(device, "Reading").size() > atKill + 100);

        Files.delete(load.resolve("dev.tether.sample.sensor.cfg"));
        int[] previous = {-1};
        await("the sensor stopped").atMost(WAIT).during(Duration.ofSeconds(3)).until(() -> {
            int last = lastCommitted(gateway);
            boolean same = last == previous[0];
            previous[0] = last;
            return same;
        });
        await("everything acknowledged").atMost(WAIT)
                .until(() -> status.number("outboxDepth") == 0 && status.number("inFlightBatches") == 0);
        gateway.stop();
        gateway = null;

        Set<String> committed = readingKeys(database);
        assertTrue("the sensor wrote on after the kill: " + committed.size(), committed.size() > atKill + 200);
        List<Map<String, Object>> inCloud = api.allItems(device, "Reading");
        assertEquals("every committed reading in the cloud, nothing else", committed, inCloud.stream()
                .map(record -> (String) ((Map<?, ?>) record.get("item")).get("sk")).collect(Collectors.toSet()));
        // one version per write from one gap-free counter: a change applied twice would have taken a second one
        assertEquals("each reading applied exactly once", LongStream.rangeClosed(1, committed.size()).boxed().toList(),
                inCloud.stream().map(record -> ((Number) record.get("version")).longValue()).sorted().toList());
    }

    @Test
    public void theGatewayKilledWhileCloudChangesStreamDownHasEveryChangeAfterItsRestart() throws Exception {
        String device = "crash-load-gateway-26";
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
        cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        CloudApi api = cloud.api();
        Path database = work.resolve("store");
        Path load = GatewayConfiguration.forDevice(config, work, broker.uri(), device).writeTo(work.resolve("load"));
        int port = MosquittoBroker.freePort();
        gateway = GatewayProcess.start(distribution, load, work, "gateway-1", port);
        GatewayApi status = new GatewayApi(port);
        await("gateway running").atMost(WAIT).until(() -> status.deviceCursor() >= 0);

        // a third of the writes create items, the rest update 50 of them over and over
        Map<String, String> latest = new ConcurrentHashMap<>();
        AtomicInteger writes = new AtomicInteger();
        AtomicLong lastVersion = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        writer = new Thread(() -> {
            for (int i = 0; !stop.get() && !Thread.currentThread().isInterrupted(); i++) {
                String name = i % 3 == 0 ? "new" + i : "s" + (i % 50);
                lastVersion.set(api.put("/api/devices/" + device + "/items/Setting",
                        Map.of("deviceId", device, "name", name, "value", "v" + i)));
                latest.put("Setting#" + name, "v" + i);
                writes.incrementAndGet();
            }
        }, "cloud writer");
        writer.start();

        await("the gateway applies the stream").atMost(WAIT).until(() -> status.deviceCursor() >= 200);
        gateway.kill();
        int atKill = writes.get();
        await("the cloud writes on").atMost(WAIT).until(() -> writes.get() >= atKill + 300);
        int port2 = MosquittoBroker.freePort();
        gateway = GatewayProcess.start(distribution, load, work, "gateway-2", port2);
        GatewayApi restarted = new GatewayApi(port2);
        await("the restarted gateway applies again").atMost(WAIT).until(() -> restarted.deviceCursor() > atKill + 300);
        stop.set(true);
        writer.join();
        writer = null;

        long last = lastVersion.get();
        await("every cloud change applied").atMost(WAIT)
                .until(() -> restarted.deviceCursor() >= last && restarted.number("outboxDepth") == 0);
        gateway.stop();
        gateway = null;

        Map<String, Map<String, Object>> inCloud = new HashMap<>();
        api.allItems(device, "Setting").forEach(record -> inCloud.put((String) ((Map<?, ?>) record.get("item")).get("sk"), record));
        assertEquals(latest.keySet(), inCloud.keySet());
        assertEquals("nothing came back up from the device: every version is an API write", writes.get(),
                inCloud.values().stream().mapToLong(record -> ((Number) record.get("version")).longValue()).max().orElseThrow());
        Map<String, DeviceRow> onDevice = settings(database);
        assertEquals(inCloud.keySet(), onDevice.keySet());
        for (Map.Entry<String, Map<String, Object>> entry : inCloud.entrySet()) {
            Map<String, Object> record = entry.getValue();
            DeviceRow row = onDevice.get(entry.getKey());
            assertEquals(entry.getKey(), latest.get(entry.getKey()), row.value());
            assertEquals(entry.getKey(), ((Number) record.get("version")).longValue(), row.version());
        }
        assertEquals("no echo waiting to go up", 0, outboxRows(database));
    }

    private static int lastCommitted(GatewayProcess gateway) throws java.io.IOException {
        Matcher matcher = COMMITTED.matcher(gateway.output());
        int last = 0;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    private record DeviceRow(String value, long version) {
    }

    private static Set<String> readingKeys(Path database) throws SQLException {
        Set<String> keys = new HashSet<>();
        query(database, "SELECT SK FROM TETHER.READING", rows -> keys.add(rows.getString(1)));
        return keys;
    }

    private static Map<String, DeviceRow> settings(Path database) throws SQLException {
        Map<String, DeviceRow> rows = new HashMap<>();
        query(database, "SELECT SK, \"VALUE\", TETHER_VERSION FROM TETHER.SETTING",
                row -> rows.put(row.getString(1), new DeviceRow(row.getString(2), row.getLong(3))));
        return rows;
    }

    /** Captured writes not yet acknowledged: outbox rows and entries of the store's capture journal. */
    private static long outboxRows(Path database) throws SQLException {
        long[] count = new long[1];
        query(database, "SELECT (SELECT COUNT(*) FROM TETHER.OUTBOX)"
                + " + (SELECT COALESCE(SUM(ENTRIES), 0) FROM TETHER.CAPTURE_JOURNAL) FROM SYSIBM.SYSDUMMY1",
                row -> count[0] = row.getLong(1));
        return count[0];
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Opens the stopped gateway's database in this JVM, reads, and shuts it down again. */
    private static void query(Path database, String sql, RowReader reader) throws SQLException {
        EmbeddedDriver driver = new EmbeddedDriver();
        try (Connection connection = driver.connect("jdbc:derby:" + database, new Properties());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
        try {
            driver.connect("jdbc:derby:" + database + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            assertEquals("08006", expected.getSQLState());
        }
    }
}
