package dev.tether.benchmarks.store;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation (all its threads: Derby's background threads work for
 * the benchmark too). Unlike throughput it hardly moves when other processes compete for the cores,
 * so the captured/plain ratio of CPU per operation is the steadier figure on a shared machine.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String RESULT = "cpu.us/op";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long operations = result.getMetadata().getMeasuredOps();
        double micros = (os.getProcessCpuTime() - cpuBefore) / 1e3;
        return operations == 0 ? List.of()
                : List.of(new ScalarResult(RESULT, micros / operations, "us/op", AggregationPolicy.AVG));
    }
}
