package dev.tether.benchmarks.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The driver's command line: {@code --name value} pairs, each with the default. */
record Options(List<String> scenarios, double durationSeconds, double warmupSeconds, int itemBytes, double latencyRate,
        long catchUpCount, String gatewayHeap, long pollIntervalMillis, int writerThreads, int coldStarts,
        List<Integer> fleetDevices, double fleetRatePerDevice, double fleetStepSeconds, boolean profile,
        Path distribution, Path generatorJar, Path workDir, Path resultsDir, String resultName) {

    static final String USAGE = """
            usage: LoadMain [--scenario up,latency,down,catch-up(-up|-down),memory,cold-start,baseline,fleet|all] [--duration 60]
                            [--warmup 10] [--item-bytes 200] [--latency-rate 1000] [--catch-up-count 100000]
                            [--gateway-heap 64m] [--poll-millis 100] [--writer-threads 8] [--cold-starts 3]
                            [--fleet-devices 5,20,50,100] [--fleet-rate 100] [--fleet-step 15] [--profile]
                            [--dist distribution/target/tether] [--generator <load-generator jar>]
                            [--work benchmarks/target/load-work] [--results benchmarks/target/results] [--name <file name>]
            """;

    static Options parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + USAGE);
            }
            String name = args[i].substring(2);
            if (name.equals("profile")) {
                given.put(name, "true");
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
            }
        }
        List<String> scenarios = List.of(given.getOrDefault("scenario", "all").split(","));
        Options options = new Options(scenarios,
                Double.parseDouble(given.getOrDefault("duration", "60")),
                Double.parseDouble(given.getOrDefault("warmup", "10")),
                Integer.parseInt(given.getOrDefault("item-bytes", "200")),
                Double.parseDouble(given.getOrDefault("latency-rate", "1000")),
                Long.parseLong(given.getOrDefault("catch-up-count", "100000")),
                given.getOrDefault("gateway-heap", "64m"),
                Long.parseLong(given.getOrDefault("poll-millis", "100")),
                Integer.parseInt(given.getOrDefault("writer-threads", "8")),
                Integer.parseInt(given.getOrDefault("cold-starts", "3")),
                java.util.Arrays.stream(given.getOrDefault("fleet-devices", "5,20,50,100").split(","))
                        .map(Integer::parseInt).toList(),
                Double.parseDouble(given.getOrDefault("fleet-rate", "100")),
                Double.parseDouble(given.getOrDefault("fleet-step", "15")),
                Boolean.parseBoolean(given.getOrDefault("profile", "false")),
                Path.of(given.getOrDefault("dist", "distribution/target/tether")),
                Path.of(given.getOrDefault("generator", "bundles/load-generator/target/tether-load-generator-0.1.0-SNAPSHOT.jar")),
                Path.of(given.getOrDefault("work", "benchmarks/target/load-work")),
                Path.of(given.getOrDefault("results", "benchmarks/target/results")),
                given.getOrDefault("name", String.join("+", scenarios)));
        given.keySet().removeAll(List.of("scenario", "duration", "warmup", "item-bytes", "latency-rate", "catch-up-count",
                "gateway-heap", "poll-millis", "writer-threads", "cold-starts", "fleet-devices", "fleet-rate", "fleet-step",
                "profile", "dist", "generator", "work", "results", "name"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + given.keySet() + "\n" + USAGE);
        }
        return options;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario) || scenarios.contains("all");
    }

    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("scenarios", scenarios);
        described.put("durationSeconds", durationSeconds);
        described.put("warmupSeconds", warmupSeconds);
        described.put("itemBytes", itemBytes);
        described.put("latencyRate", latencyRate);
        described.put("catchUpCount", catchUpCount);
        described.put("gatewayHeap", gatewayHeap);
        described.put("enginePollIntervalMillis", pollIntervalMillis);
        described.put("writerThreads", writerThreads);
        described.put("fleetDevices", fleetDevices);
        described.put("fleetRatePerDevice", fleetRatePerDevice);
        described.put("fleetStepSeconds", fleetStepSeconds);
        return described;
    }
}
