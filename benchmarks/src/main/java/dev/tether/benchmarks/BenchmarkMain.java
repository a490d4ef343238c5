package dev.tether.benchmarks;

import dev.tether.benchmarks.store.StoreBenchmarkReport;

/**
 * The jar's entry point: {@code StoreBenchmark} as the first argument runs the store benchmarks and
 * prints the capture overhead ratios; anything else goes to JMH's own command line unchanged.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("StoreBenchmark")) {
            StoreBenchmarkReport.run(args);
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
