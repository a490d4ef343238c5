package dev.tether.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and decoding a batch of 100 Reading changes of about 200 bytes each; scores are changes per second. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark {

    private static final int CHANGES = 100;

    private final ProtocolCodec codec = new ProtocolCodec();
    private ChangeBatch batch;
    private byte[] encoded;

    @Setup
    public void prepare() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("pk", "Reading#gateway-1");
            item.put("sk", "Reading#01JD5Z8Q0000000000000" + String.format("%05d", i));
            item.put("deviceId", "gateway-1");
            item.put("sensor", "temperature");
            item.put("value", 20.0 + i / 100.0);
            item.put("unit", "Cel");
            item.put("at", "2026-11-26T06:00:00.000Z");
            changes.add(new Change("Reading", new ItemKey((String) item.get("pk"), (String) item.get("sk")), Op.PUT, item,
                    (long) i, new Hlc(1_795_000_000_000L + i, 0).toString()));
        }
        batch = new ChangeBatch("b-1", changes);
        encoded = codec.encode(batch);
    }

    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public byte[] encodeBatch() {
        return codec.encode(batch);
    }

    @Benchmark
    @OperationsPerInvocation(CHANGES)
    public ChangeBatch decodeBatch() throws ProtocolException {
        return codec.decodeBatch(encoded);
    }
}
