package dev.tether.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What several cloud instances share in fleet mode: a mosquitto broker (TCP_NODELAY on, as the
 * README asks) and a durable PostgreSQL cluster from the Debian packages, both on loopback and
 * stopped with the driver.
 */
final class ExternalServices {

    private static final String POSTGRES_USER = "postgres";

    private ExternalServices() {
    }

    /** Starts mosquitto on a free loopback port and returns its URI. */
    static String startMosquitto(Workspace workspace, ProcessRegistry registry) throws IOException, InterruptedException {
        Path home = workspace.dir("mosquitto");
        int port = Workspace.freePort();
        Path conf = home.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n"
                + "persistence false\nmax_queued_messages 100000\nlog_dest stderr\nlog_type error\nlog_type warning\n",
                StandardCharsets.UTF_8);
        ManagedProcess broker = ManagedProcess.start("mosquitto", List.of("mosquitto", "-c", conf.toString()), Map.of(),
                home.resolve("mosquitto.log"), registry);
        awaitPort(port, broker);
        return "tcp://127.0.0.1:" + port;
    }

    /** Initialises and starts a PostgreSQL cluster (fsync on) with a database {@code tether}; returns its JDBC URL. */
    static String startPostgres(Workspace workspace, ProcessRegistry registry) throws IOException, InterruptedException {
        Path bin = postgresBinaries();
        Path home = workspace.dir("postgres");
        Path data = home.resolve("data");
        Path sockets = Files.createDirectories(home.resolve("sockets"));
        if (isRoot()) {
            run(List.of("chown", "-R", POSTGRES_USER + ":" + POSTGRES_USER, home.toString()));
        }
        run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", POSTGRES_USER, "-A", "trust", "-E", "UTF8",
                "--locale=C"));
        int port = Workspace.freePort();
        ManagedProcess server = ManagedProcess.start("postgres", asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=100"), Map.of(), home.resolve("postgres.log"), registry);
        server.awaitOutput(Pattern.compile("ready to accept connections"), Duration.ofSeconds(60));
        run(asPostgres(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", POSTGRES_USER,
                "-c", "CREATE DATABASE tether"));
        return "jdbc:postgresql://127.0.0.1:" + port + "/tether";
    }

    static String postgresUser() {
        return POSTGRES_USER;
    }

    private static Path postgresBinaries() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                    .max(java.util.Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql (Debian package postgresql)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql (Debian package postgresql)");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** PostgreSQL refuses to run as root: as root, run it as the postgres user. */
    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", POSTGRES_USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void awaitPort(int port, ManagedProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.alive()) {
                    throw new IllegalStateException(process.name() + " exited (log: " + process.log() + ")");
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(process.name() + " does not listen on " + port);
    }
}
