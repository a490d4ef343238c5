package dev.tether.benchmarks.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.tether.schema.Schema;
import dev.tether.store.LocalStore;
import dev.tether.store.Query;
import dev.tether.store.Update;
import dev.tether.store.derby.internal.StandaloneStore;

/**
 * The local store on a durable Derby database (every commit synced), through the LocalStore API,
 * on two tables that differ only in change capture: {@code Captured} syncs up (the store's capture
 * journal records the puts, the SQL triggers the deletes), {@code Plain} syncs nowhere (no capture). Each fork starts with a fresh database
 * holding {@value #PRELOADED} items per table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class StoreBenchmark {

    static final int PRELOADED = 1000;
    private static final String SCHEMA = """
            {"version": "1", "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "models": {
               "Captured": {"pk": {"type": "string", "value": "R#${deviceId}"}, "sk": {"type": "string", "value": "R#${id}"},
                            "id": {"type": "string"}, "deviceId": {"type": "string"}, "sensor": {"type": "string"},
                            "value": {"type": "number"}, "unit": {"type": "string"}},
               "Plain":    {"pk": {"type": "string", "value": "R#${deviceId}"}, "sk": {"type": "string", "value": "R#${id}"},
                            "id": {"type": "string"}, "deviceId": {"type": "string"}, "sensor": {"type": "string"},
                            "value": {"type": "number"}, "unit": {"type": "string"}}},
             "control": {"Captured": {"sync": "up"}, "Plain": {"sync": "none"}}}
            """;

    @Param({"Captured", "Plain"})
    public String model;

    private Path directory;
    private StandaloneStore standalone;
    private LocalStore store;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("tether-store-bench");
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        Schema schema = Schema.parse(SCHEMA);
        standalone = StandaloneStore.open(directory.resolve("db"), true, () -> schema);
        store = standalone.store();
        store.transaction(tx -> {
            for (int i = 0; i < PRELOADED; i++) {
                tx.upsert(model, reading(String.format("%06d", i)));
            }
            return null;
        });
        next = PRELOADED;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        standalone.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Map<String, Object> reading(String id) {
        return Map.of("deviceId", "gw-1", "id", id, "sensor", "temperature", "value", 21.5, "unit", "Cel");
    }

    private static Map<String, Object> existingKey() {
        return Map.of("deviceId", "gw-1", "id", String.format("%06d", ThreadLocalRandom.current().nextInt(PRELOADED)));
    }

    @Benchmark
    public Object singleDurablePut() {
        return store.put(model, reading("n" + next++));
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public Object batchedPuts() {
        return store.transaction(tx -> {
            Object last = null;
            for (int i = 0; i < 100; i++) {
                last = tx.upsert(model, reading("b" + next++));
            }
            return last;
        });
    }

    /**
     * {@link #batchedPuts}, then moving the store's capture journal into the outbox in a transaction of
     * its own, as the engine's side does when its read of the outbox runs short: capture cost wherever
     * it is paid, on the writer's thread or the engine's, with the move's commit as its worst case (an
     * acknowledgement moves the journal in its own commit).
     */
    @Benchmark
    @OperationsPerInvocation(100)
    public Object batchedPutsMovedToOutbox() {
        Object last = batchedPuts();
        standalone.moveCaptureJournal();
        return last;
    }

    @Benchmark
    public Object update() {
        return store.update(model, existingKey(), Update.set("value", ThreadLocalRandom.current().nextDouble()), null);
    }

    @Benchmark
    public Object getByKey() {
        return store.get(model, existingKey());
    }

    @Benchmark
    public Object findByPrefix() {
        return store.find(Query.of(model).partition(Map.of("deviceId", "gw-1")).sortKeyBeginsWith("R#0001").limit(10));
    }
}
