package dev.tether.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The end-to-end load driver: runs the assembled gateway (with the load-generator bundle), the
 * cloud service with its embedded broker, and simulated devices on this machine, over loopback,
 * and reports each scenario's figures as a text table and as JSON. See the root README, section
 * "Benchmarks", and {@code benchmarks/bin/*.sh}.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        for (Path needed : new Path[] {options.distribution().resolve("gateway/bin/tether-gateway"),
                options.distribution().resolve("cloud/bin/tether-cloud"), options.generatorJar()}) {
            if (!Files.exists(needed)) {
                System.err.println("missing " + needed.toAbsolutePath() + ": build first (benchmarks/bin/*.sh do)");
                System.exit(2);
            }
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Workspace workspace = new Workspace(options.workDir().resolve(stamp), options.distribution(), options.generatorJar());
        ProcessRegistry registry = new ProcessRegistry();
        Thread cleanup = new Thread(registry::stopAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Report report = new Report(MachineDescription.describe(workspace.root()), options.describe());
        Bench.progress("machine: " + MachineDescription.describe(workspace.root()));
        Bench.progress("work folder (logs, databases): " + workspace.root());
        Path json = options.resultsDir().resolve(options.resultName() + ".json");
        int exit = 0;
        try (Bench bench = new Bench(options, workspace, registry, report)) {
            run(options, bench);
        } catch (Exception | Error e) {
            exit = 1;
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
        } finally {
            report.print(System.out);
            report.writeJson(json);
            System.out.println("\nJSON: " + json.toAbsolutePath());
        }
        System.exit(exit);
    }

    private static void run(Options options, Bench bench) throws Exception {
        Scenarios scenarios = new Scenarios(bench);
        if (options.runs("baseline")) {
            scenarios.baselines();
        }
        if (options.runs("up") || options.runs("memory")) {
            scenarios.upThroughput(100);
        }
        if (options.runs("up")) {
            scenarios.upThroughput(1);
        }
        if (options.runs("latency")) {
            scenarios.upLatency(1);
            scenarios.upLatency(10);
            scenarios.downLatency();
        }
        if (options.runs("down")) {
            scenarios.downThroughput();
        }
        if (options.runs("catch-up") || options.runs("catch-up-up")) {
            scenarios.catchUpUp();
        }
        if (options.runs("catch-up") || options.runs("catch-up-down")) {
            scenarios.catchUpDown();
        }
        if (options.runs("cold-start")) {
            scenarios.coldStart();
        }
        if (options.runs("memory")) {
            scenarios.memory();
        }
        if (options.runs("fleet")) {
            new Fleet(bench).run();
        }
    }
}
