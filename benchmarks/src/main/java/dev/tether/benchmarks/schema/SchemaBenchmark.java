package dev.tether.benchmarks.schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.tether.protocol.ItemKey;
import dev.tether.schema.ModelDefinition;
import dev.tether.schema.Schema;

/**
 * Item preparation and validation of a 10-field item (two key templates, a generated ULID, an enum,
 * a regex, a date given as epoch millis, a nested object checked against its schema, and the
 * updated timestamp); scores are items per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SchemaBenchmark {

    private static final String SCHEMA = """
            {"format": "onetable:1.1.0", "version": "1",
             "indexes": {"primary": {"hash": "pk", "sort": "sk"}},
             "params": {"timestamps": "update"},
             "models": {"Reading": {
               "pk":       {"type": "string", "value": "Reading#${deviceId}"},
               "sk":       {"type": "string", "value": "Reading#${id}"},
               "id":       {"type": "string", "generate": "ulid"},
               "deviceId": {"type": "string", "required": true, "validate": "^[a-z0-9-]+$"},
               "sensor":   {"type": "string", "required": true},
               "value":    {"type": "number", "required": true},
               "quality":  {"type": "string", "enum": ["good", "uncertain", "bad"], "default": "good"},
               "at":       {"type": "date"},
               "source":   {"type": "object", "schema": {"bus": {"type": "string", "required": true},
                                                         "address": {"type": "number"}}}}},
             "control": {"Reading": {"sync": "up"}}}
            """;

    private final Instant now = Instant.parse("2026-11-26T06:00:00Z");
    private ModelDefinition reading;
    private Map<String, Object> item;
    private Map<String, Object> prepared;

    @Setup
    public void prepare() {
        reading = Schema.parse(SCHEMA).model("Reading").orElseThrow();
        item = new LinkedHashMap<>();
        item.put("deviceId", "gateway-1");
        item.put("sensor", "temperature");
        item.put("value", 21.5);
        item.put("quality", "good");
        item.put("at", 1_795_000_000_000L);
        item.put("source", Map.of("bus", "modbus-1", "address", 40001));
        prepared = reading.prepare(item, now);
        if (prepared.size() != 10 || reading.fields().size() != 10 || !List.of("pk", "sk").equals(reading.keyAttributes())) {
            throw new IllegalStateException("unexpected benchmark item: " + prepared);
        }
    }

    @Benchmark
    public Map<String, Object> prepareNewItem() {
        return reading.prepare(item, now);
    }

    @Benchmark
    public Map<String, Object> prepareReplica() {
        return reading.prepareReplica(prepared, now);
    }

    @Benchmark
    public ItemKey keyOf() {
        return reading.keyOf(prepared);
    }
}
