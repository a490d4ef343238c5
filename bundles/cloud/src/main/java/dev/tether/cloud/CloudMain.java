package dev.tether.cloud;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import dev.tether.cloud.config.CloudConfig;
import dev.tether.cloud.config.ConfigException;
import dev.tether.cloud.config.ConfigLoader;

/**
 * Starts the cloud sync service as its own process: {@code --config <file>} plus environment
 * overrides. Prints exactly one line to stdout once it serves ({@code Tether cloud ready: ...});
 * errors go to stderr. Exit codes: 2 for a wrong command line or configuration, 1 if it cannot start.
 */
public final class CloudMain {

    static final int EXIT_BAD_CONFIGURATION = 2;
    static final int EXIT_START_FAILED = 1;

    private CloudMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        CloudConfig config;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                out.println(CommandLine.USAGE);
                return;
            }
            config = new ConfigLoader(System.getenv()).load(commandLine.configFile());
        } catch (IllegalArgumentException e) {
            err.println("Tether cloud: " + e.getMessage());
            err.println(CommandLine.USAGE);
            System.exit(EXIT_BAD_CONFIGURATION);
            return;
        } catch (ConfigException e) {
            err.println("Tether cloud: configuration error: " + e.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
            return;
        }

        // Before anything touches SLF4J: otherwise logback configures itself from the logback.xml
        // inside the HiveMQ jar and prints the broker's start-up to stdout.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/tether/cloud/logback-cloud.xml");
        }
        // Derby writes its log to derby.log in the working directory unless told otherwise.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", config.dataDir().resolve("derby.log").toAbsolutePath().toString());
        }

        CloudService service;
        try {
            service = CloudService.start(config);
        } catch (RuntimeException e) {
            err.println("Tether cloud: failed to start: " + e.getMessage());
            e.printStackTrace(err);
            System.exit(EXIT_START_FAILED);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "tether-cloud-shutdown"));
        out.println(service.readyLine());
        out.flush();
        stopped.await();
    }
}
