package dev.tether.benchmarks.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StoreBenchmark} (further arguments are JMH options; a regex such as
 * {@code StoreBenchmark.batchedPuts} narrows the run) and prints Captured/Plain per operation. */
public final class StoreBenchmarkReport {

    private StoreBenchmarkReport() {
    }

    public static void run(String[] args) throws Exception {
        CommandLineOptions given = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(given);
        if (given.getIncludes().isEmpty()) {
            builder.include(StoreBenchmark.class.getName());
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Map<String, Double>> byOperation = new TreeMap<>();
        for (RunResult result : results) {
            String operation = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            byOperation.computeIfAbsent(operation, key -> new TreeMap<>())
                    .put(result.getParams().getParam("model"), result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Capture overhead (ops/s with triggers vs. without; cost = 1 - ratio)");
        System.out.printf("%-18s %14s %14s %8s %8s%n", "operation", "captured/s", "plain/s", "ratio", "cost");
        byOperation.forEach((operation, scores) -> {
            Double captured = scores.get("Captured");
            Double plain = scores.get("Plain");
            if (captured != null && plain != null) {
                System.out.printf("%-18s %14.0f %14.0f %8.2f %7.0f%%%n", operation, captured, plain, captured / plain,
                        100 * (1 - captured / plain));
            }
        });
    }
}
