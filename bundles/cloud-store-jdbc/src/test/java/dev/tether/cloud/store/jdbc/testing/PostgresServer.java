package dev.tether.cloud.store.jdbc.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL cluster from the Debian {@code postgresql} package: initdb in a temporary
 * directory, the server on a free loopback port with its own socket directory, trust
 * authentication, no fsync. As root it runs as the {@code postgres} user (PostgreSQL refuses root).
 * {@link #close()} stops it and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path directory;
    private final Path binaries;
    private final int port;
    private final Process server;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path directory, Path binaries, int port, Process server) {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
        this.server = server;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path binaries = findBinaries();
        Path directory = Files.createTempDirectory("tether-pg-");
        Path data = directory.resolve("data");
        Path sockets = directory.resolve("sockets");
        Files.createDirectories(sockets);
        if (isRoot()) {
            run(List.of("chown", "-R", SUPERUSER + ":" + SUPERUSER, directory.toString()));
        }
        run(asPostgres(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        int port = freePort();
        Process server = new ProcessBuilder(asPostgres(binaries.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("postgres.log").toFile())
                .start();
        PostgresServer postgres = new PostgresServer(directory, binaries, port, server);
        try {
            await("PostgreSQL accepting connections on port " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                        if (!server.isAlive()) {
                            throw new IllegalStateException("postgres exited: " + Files.readString(directory.resolve("postgres.log")));
                        }
                        try (Connection connection = postgres.dataSource("postgres").getConnection()) {
                            return connection.isValid(1);
                        }
                    });
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** Creates a new, empty database and returns its name. */
    public String createDatabase() {
        String name = "tether_test_" + databases.incrementAndGet();
        try (Connection connection = dataSource("postgres").getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    public DataSource dataSource(String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName(database);
        source.setUser(SUPERUSER);
        return source;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            if (server.isAlive()) {
                run(asPostgres(binaries.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
                        "stop", "-m", "immediate", "-w"));
            }
        } catch (IOException | RuntimeException e) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(directory);
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                        .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root
                                + ": install the Debian package postgresql"));
            }
        }
        throw new IllegalStateException("no PostgreSQL server under " + root + ": install the Debian package postgresql");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
