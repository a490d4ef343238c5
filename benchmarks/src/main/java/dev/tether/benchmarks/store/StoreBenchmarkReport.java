package dev.tether.benchmarks.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StoreBenchmark} (further arguments are JMH options; a regex such as
 * {@code StoreBenchmark.batchedPuts} narrows the run) with the {@link CpuTimeProfiler}, and prints
 * Captured against Plain per operation: throughput and CPU time per operation.
 */
public final class StoreBenchmarkReport {

    private StoreBenchmarkReport() {
    }

    private record Figures(double perSecond, double cpuMicros) {
    }

    public static void run(String[] args) throws Exception {
        CommandLineOptions given = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(given);
        if (given.getIncludes().isEmpty()) {
            builder.include(StoreBenchmark.class.getName());
        }
        builder.addProfiler(CpuTimeProfiler.class);
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Map<String, Figures>> byOperation = new TreeMap<>();
        for (RunResult result : results) {
            String operation = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            Result cpu = result.getSecondaryResults().get(CpuTimeProfiler.RESULT);
            byOperation.computeIfAbsent(operation, key -> new TreeMap<>()).put(result.getParams().getParam("model"),
                    new Figures(result.getPrimaryResult().getScore(), cpu == null ? Double.NaN : cpu.getScore()));
        }
        System.out.println();
        System.out.println("Capture overhead: Captured (change capture on) against Plain (none)");
        System.out.printf("%-18s %12s %12s %7s   %14s %14s %7s%n", "operation", "captured/s", "plain/s", "ratio",
                "captured CPU", "plain CPU", "ratio");
        byOperation.forEach((operation, figures) -> {
            Figures captured = figures.get("Captured");
            Figures plain = figures.get("Plain");
            if (captured != null && plain != null) {
                System.out.printf("%-18s %12.0f %12.0f %7.2f   %11.1f us %11.1f us %7.2f%n", operation,
                        captured.perSecond(), plain.perSecond(), captured.perSecond() / plain.perSecond(),
                        captured.cpuMicros(), plain.cpuMicros(), plain.cpuMicros() / captured.cpuMicros());
            }
        });
        System.out.println("(throughput ratio = captured/s ÷ plain/s; CPU ratio = plain CPU ÷ captured CPU per operation,"
                + " the steadier one when other processes share the cores)");
    }
}
