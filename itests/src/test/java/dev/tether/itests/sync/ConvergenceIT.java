package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;

import com.google.gson.Gson;

import dev.tether.cloud.store.jdbc.testing.PostgresServer;
import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.protocol.Hlc;
import dev.tether.store.LocalConflict;
import dev.tether.store.LocalStore;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * 10,000 writes on the gateway (Reading, which syncs up, and Fault, which syncs both ways) and
 * 10,000 through the cloud API (Setting, which syncs down, and Fault), at the same time, half of them
 * while the gateway is cut off from the broker. Some Fault items are written on both sides: once each
 * while both are online (a conflict or not, depending on timing) and once each while the gateway is
 * offline (always a conflict). In the end both sides hold exactly the same items of every model, the
 * outbox is empty, nothing is a dead letter, and the conflicts are those the overlapping writes can
 * produce — on both sides alike.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConvergenceIT {

    private static final String DEVICE = "convergence-gateway-24";
    private static final int PER_SIDE = 10_000;
    private static final int OVERLAPPING_ONLINE = 100;
    private static final int OVERLAPPING_OFFLINE = 100;
    private static final int DEVICE_TRANSACTION = 100;
    private static final Duration SYNC_WAIT = Duration.ofMinutes(3);
    private static final Gson GSON = new Gson();

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Configuration
    public Option[] configure() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop PostgreSQL"));
        String database = postgres.createDatabase();
        TestSystem system = TestSystem.start("convergence", Map.of(
                "TETHER_CLOUD_STORE_URL", postgres.jdbcUrl(database), "TETHER_CLOUD_STORE_USERNAME", postgres.user()));
        // INFO: at DEBUG every HTTP call and MQTT packet would be logged several times
        return OptionUtils.combine(system.options(system.gateway(DEVICE).set("dev.tether.store.derby", "durability", "test"),
                        Map.of("itest.cloud.store.url", postgres.jdbcUrl(database), "itest.cloud.store.user", postgres.user()),
                        jarName -> false),
                frameworkProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
    }

    @Test
    public void tenThousandWritesOnEachSideWithAnOutageInTheMiddleEndIdenticalOnBothSides() throws Exception {
        await("gateway connected").atMost(Duration.ofSeconds(60)).until(() -> sync.status().connected());
        long started = System.nanoTime();
        Writes device = new Writes();
        Writes cloud = new Writes();
        // online: each side its own items, plus the first overlapping set written by both
        for (int i = 0; i < OVERLAPPING_ONLINE; i++) {
            device.fault("online" + i, "E-device");
            cloud.fault("online" + i, "E-cloud");
        }
        for (int i = 0; i < OVERLAPPING_OFFLINE; i++) {
            device.fault("offline" + i, "E-first");
        }
        fill(device, cloud, PER_SIDE / 2, 0);
        // offline: the second overlapping set edited on both sides, and more of each side's own items
        Writes deviceOffline = new Writes();
        Writes cloudOffline = new Writes();
        for (int i = 0; i < OVERLAPPING_OFFLINE; i++) {
            deviceOffline.fault("offline" + i, "E-device");
            cloudOffline.fault("offline" + i, "E-cloud");
        }
        fill(deviceOffline, cloudOffline, PER_SIDE / 2, PER_SIDE / 2);
        assertEquals(PER_SIDE, device.size() + deviceOffline.size());
        assertEquals(PER_SIDE, cloud.size() + cloudOffline.size());
        long conflictsBefore = sync.conflictCount();

        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture.allOf(writeOnDevice(device, writers), writeInCloud(cloud, writers)).get(3, TimeUnit.MINUTES);
            System.out.printf("convergence: online half written after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            MosquittoBroker broker = TestSystem.broker();
            broker.stop();
            await("gateway sees the broker gone").atMost(Duration.ofSeconds(60)).until(() -> !sync.status().connected());
            CompletableFuture.allOf(writeOnDevice(deviceOffline, writers), writeInCloud(cloudOffline, writers))
                    .get(3, TimeUnit.MINUTES);
            broker.restart();
            System.out.printf("convergence: offline half written, broker back after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        } finally {
            writers.shutdownNow();
        }
        long written = System.nanoTime();

        int faults = distinct("Fault", device, cloud, deviceOffline, cloudOffline);
        int settings = distinct("Setting", cloud, cloudOffline);
        int readings = distinct("Reading", device, deviceOffline);
        await("everything sent and received").atMost(SYNC_WAIT).pollInterval(Duration.ofSeconds(2))
                .until(() -> store.outbox().depth() == 0 && !sync.status().catchingUp()
                        && store.count(Query.of("Setting")) == settings
                        && store.count(Query.of("Fault")) == faults);
        await("both sides hold the same items").atMost(SYNC_WAIT).pollInterval(Duration.ofSeconds(3))
                .until(() -> differences("Reading").isEmpty() && differences("Fault").isEmpty()
                        && differences("Setting").isEmpty());
        long converged = System.nanoTime();
        System.out.printf("convergence: %d writes per side in %d ms, converged %d ms later%n", PER_SIDE,
                (written - started) / 1_000_000, (converged - written) / 1_000_000);

        assertEquals(readings, allOnDevice("Reading").size());
        assertEquals(settings, allOnDevice("Setting").size());
        assertEquals(faults, allOnDevice("Fault").size());
        assertEquals(0, store.outbox().depth());
        assertEquals("no dead letters", 0, sync.status().deadLetters());

        Set<String> overlapping = new HashSet<>();
        for (int i = 0; i < OVERLAPPING_ONLINE; i++) {
            overlapping.add("Fault#online" + i);
        }
        for (int i = 0; i < OVERLAPPING_OFFLINE; i++) {
            overlapping.add("Fault#offline" + i);
        }
        List<LocalConflict> deviceConflicts = store.inbound().conflicts(1_000);
        long conflicts = sync.conflictCount() - conflictsBefore;
        List<String> deviceConflictKeys = deviceConflicts.stream().map(conflict -> conflict.key().sk()).sorted().toList();
        List<Map<String, Object>> cloudConflicts = cloud().conflicts(1_000).stream()
                .filter(conflict -> DEVICE.equals(conflict.get("device"))).toList();
        List<String> cloudConflictKeys = cloudConflicts.stream()
                .map(conflict -> (String) ((Map<?, ?>) conflict.get("key")).get("sk")).sorted().toList();
        assertEquals("both sides logged the same conflicts; the cloud's: " + cloudConflicts.stream()
                .filter(conflict -> !deviceConflictKeys.contains(((Map<?, ?>) conflict.get("key")).get("sk")))
                .limit(5).toList(), cloudConflictKeys, deviceConflictKeys);
        assertEquals(conflicts, deviceConflictKeys.size());
        assertTrue("conflicts only where both sides wrote: " + deviceConflictKeys, overlapping.containsAll(deviceConflictKeys));
        for (int i = 0; i < OVERLAPPING_OFFLINE; i++) {
            String key = "Fault#offline" + i;
            assertEquals("one conflict for " + key, 1, deviceConflictKeys.stream().filter(key::equals).count());
        }
        assertTrue("at most one conflict per item written on both sides while online: " + conflicts,
                conflicts <= OVERLAPPING_OFFLINE + OVERLAPPING_ONLINE);
    }

    /** Each side's own items: Readings and Faults on the device, Settings and Faults in the cloud. */
    private static void fill(Writes device, Writes cloud, int perSide, int offset) {
        for (int i = offset; device.size() < perSide; i++) {
            if (i % 2 == 0) {
                device.reading("r" + i, i);
            } else {
                device.fault("device" + i, "E-" + i);
            }
        }
        for (int i = offset; cloud.size() < perSide; i++) {
            if (i % 2 == 0) {
                cloud.setting("s" + i, "v" + i);
            } else {
                cloud.fault("cloud" + i, "E-" + i);
            }
        }
    }

    /** How many items of the model the writes make (the key fields other than deviceId tell them apart). */
    private static int distinct(String model, Writes... writes) {
        Set<Object> keys = new HashSet<>();
        for (Writes side : writes) {
            side.items.stream().filter(write -> write.model().equals(model))
                    .forEach(write -> keys.add(write.item().getOrDefault("id", write.item().get("name"))));
        }
        return keys.size();
    }

    private CompletableFuture<Void> writeOnDevice(Writes writes, ExecutorService executor) {
        return CompletableFuture.runAsync(() -> {
            for (int from = 0; from < writes.size(); from += DEVICE_TRANSACTION) {
                List<Write> slice = writes.items.subList(from, Math.min(writes.size(), from + DEVICE_TRANSACTION));
                store.transaction(transaction -> {
                    slice.forEach(write -> transaction.upsert(write.model(), write.item()));
                    return null;
                });
            }
        }, executor);
    }

    /**
     * The items written on both sides go through the cloud's HTTP API; the others straight into its
     * database, 500 to a transaction, as the cloud service's README describes for other programs
     * (each row with its own version from the counter), which is what makes 10,000 quick.
     */
    private static CompletableFuture<Void> writeInCloud(Writes writes, ExecutorService executor) {
        List<Write> throughApi = new ArrayList<>();
        List<Write> intoDatabase = new ArrayList<>();
        for (Write write : writes.items) {
            String id = (String) write.item().get("id");
            (id != null && (id.startsWith("online") || id.startsWith("offline")) ? throughApi : intoDatabase).add(write);
        }
        CloudApi api = cloud();
        return CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> throughApi.forEach(write -> api.put(DEVICE, write.model(), write.item())), executor),
                CompletableFuture.runAsync(() -> {
                    for (int from = 0; from < intoDatabase.size(); from += 500) {
                        writeIntoCloudDatabase(intoDatabase.subList(from, Math.min(intoDatabase.size(), from + 500)));
                    }
                }, executor));
    }

    private static void writeIntoCloudDatabase(List<Write> writes) {
        try (Connection connection = cloudDatabase()) {
            connection.setAutoCommit(false);
            try (PreparedStatement increment = connection.prepareStatement(
                            "UPDATE tether_version_counter SET last_version = last_version + 1 WHERE id = 1");
                    PreparedStatement read = connection.prepareStatement("SELECT last_version FROM tether_version_counter WHERE id = 1");
                    PreparedStatement update = connection.prepareStatement("UPDATE tether_items SET item = ?, version = ?,"
                            + " origin = 'erp', hlc = ?, deleted = FALSE WHERE scope = ? AND model = ? AND pk = ? AND sk = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO tether_items"
                            + " (item, version, origin, hlc, deleted, scope, model, pk, sk) VALUES (?, ?, 'erp', ?, FALSE, ?, ?, ?, ?)")) {
                for (Write write : writes) {
                    increment.executeUpdate();
                    long version;
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                        version = row.getLong(1);
                    }
                    Map<String, Object> item = new HashMap<>(write.item());
                    String sortField = write.model().equals("Setting") ? "name" : "id";
                    item.put("pk", write.model() + "#" + DEVICE);
                    item.put("sk", write.model() + "#" + item.get(sortField));
                    String hlc = new Hlc(System.currentTimeMillis(), 0).toString();
                    if (bind(update, item, version, hlc, write.model()).executeUpdate() == 0) {
                        bind(insert, item, version, hlc, write.model()).executeUpdate();
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("writing into the cloud database failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, Map<String, Object> item, long version, String hlc,
            String model) throws SQLException {
        statement.setString(1, GSON.toJson(item));
        statement.setLong(2, version);
        statement.setString(3, hlc);
        statement.setString(4, DEVICE);
        statement.setString(5, model);
        statement.setString(6, (String) item.get("pk"));
        statement.setString(7, (String) item.get("sk"));
        return statement;
    }

    /** The PostgreSQL driver is on the test JVM's class path, which the native container's bundles do not see. */
    private static Connection cloudDatabase() throws SQLException {
        try {
            Driver driver = (Driver) ClassLoader.getSystemClassLoader().loadClass("org.postgresql.Driver")
                    .getDeclaredConstructor().newInstance();
            Properties properties = new Properties();
            properties.setProperty("user", System.getProperty("itest.cloud.store.user"));
            return driver.connect(System.getProperty("itest.cloud.store.url"), properties);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no PostgreSQL driver on the test class path", e);
        }
    }

    /** What differs between the device's and the cloud's items of a model, by sort key; empty when they are the same. */
    private Map<String, String> differences(String model) {
        Map<String, Map<String, Object>> local = allOnDevice(model);
        Map<String, Map<String, Object>> remote = new TreeMap<>();
        for (Map<String, Object> record : cloud().allItems(DEVICE, model)) {
            if (!Boolean.TRUE.equals(record.get("deleted"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) record.get("item");
                remote.put((String) item.get("sk"), item);
            }
        }
        Map<String, String> differences = new TreeMap<>();
        Set<String> keys = new HashSet<>(local.keySet());
        keys.addAll(remote.keySet());
        for (String key : keys) {
            if (!normalized(local.get(key)).equals(normalized(remote.get(key)))) {
                differences.put(key, "device " + local.get(key) + " cloud " + remote.get(key));
            }
        }
        if (!differences.isEmpty()) {
            System.out.println(model + ": " + differences.size() + " differ, e.g. " + differences.entrySet().iterator().next());
        }
        return differences;
    }

    private Map<String, Map<String, Object>> allOnDevice(String model) {
        Map<String, Map<String, Object>> items = new TreeMap<>();
        Query query = Query.of(model).limit(1_000);
        while (true) {
            Page page = store.find(query);
            page.items().forEach(item -> items.put((String) item.get("sk"), item));
            if (page.next().isEmpty()) {
                return items;
            }
            query = query.after(page.cursor());
        }
    }

    /** Numbers compared by value (the store reads whole numbers as Long, JSON may give Double). */
    private static Map<String, Object> normalized(Map<String, Object> item) {
        if (item == null) {
            return Map.of();
        }
        return item.entrySet().stream().filter(entry -> entry.getValue() != null).collect(Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue() instanceof Number number ? (Object) number.doubleValue() : entry.getValue()));
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }

    private record Write(String model, Map<String, Object> item) {
    }

    /** One side's writes, in order. */
    private static final class Writes {

        private final List<Write> items = new ArrayList<>();

        void reading(String id, int value) {
            items.add(new Write("Reading", Map.of("deviceId", DEVICE, "id", id, "sensor", "flow", "value", value)));
        }

        void fault(String id, String code) {
            Map<String, Object> fault = new HashMap<>();
            fault.put("deviceId", DEVICE);
            fault.put("id", id);
            fault.put("code", code);
            items.add(new Write("Fault", fault));
        }

        void setting(String name, String value) {
            items.add(new Write("Setting", Map.of("deviceId", DEVICE, "name", name, "value", value)));
        }

        int size() {
            return items.size();
        }
    }
}
