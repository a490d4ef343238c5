package dev.tether.transport.mqtt.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker run as a child process for tests: loopback only, anonymous access, its
 * own port, configuration, persistence directory and log. Stop, kill, pause and restart it on the
 * same port to stage outages; always {@link #close()} it.
 */
public final class Mosquitto implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final int port;
    private final Path config;
    private final Path log;
    private final boolean tls;
    private Process process;

    private Mosquitto(Path directory, int port, List<String> aclLines, List<String> listenerLines, boolean tls,
            List<String> brokerLines) throws IOException {
        this.directory = directory;
        this.port = port;
        this.tls = tls;
        this.config = directory.resolve("mosquitto.conf");
        this.log = directory.resolve("mosquitto.log");
        Path persistence = Files.createDirectories(directory.resolve("data"));
        StringBuilder text = new StringBuilder()
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append(String.join("\n", listenerLines)).append('\n')
                .append(String.join("\n", brokerLines)).append('\n')
                .append("persistence true\n")
                .append("persistence_location ").append(persistence).append("/\n")
                // Started as root, mosquitto switches to user mosquitto, which cannot write our temp
                // directory; naming the current user keeps it as it is (and is ignored when not root).
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("set_tcp_nodelay true\n")
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        if (!aclLines.isEmpty()) {
            Path acl = directory.resolve("acl");
            Files.write(acl, aclLines, StandardCharsets.UTF_8);
            text.append("acl_file ").append(acl).append('\n');
        }
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    /** Starts a broker on a free port with its files in {@code directory}. */
    public static Mosquitto start(Path directory) throws IOException {
        return start(directory, List.of());
    }

    /** Same, with mosquitto ACL lines (for anonymous clients) restricting what may be published. */
    public static Mosquitto start(Path directory, List<String> aclLines) throws IOException {
        return launch(new Mosquitto(directory, freePort(), aclLines, List.of(), false, List.of("allow_anonymous true")));
    }

    /**
     * A broker with its listener and broker-wide settings given as mosquitto.conf lines (they must
     * say {@code allow_anonymous} and, for TLS, the certificate lines) and ACL lines.
     */
    public static Mosquitto startWith(Path directory, boolean tls, List<String> listenerLines,
            List<String> brokerLines, List<String> aclLines) throws IOException {
        return launch(new Mosquitto(directory, freePort(), aclLines, listenerLines, tls, brokerLines));
    }

    /** A broker that speaks only TLS, with the given PEM certificate (chain) and private key. */
    public static Mosquitto startTls(Path directory, Path certificate, Path privateKey) throws IOException {
        List<String> tlsLines = List.of("certfile " + certificate, "keyfile " + privateKey);
        return launch(new Mosquitto(directory, freePort(), List.of(), tlsLines, true, List.of("allow_anonymous true")));
    }

    private static Mosquitto launch(Mosquitto broker) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: the MQTT tests need a real mosquitto broker."
                    + " Install it with: apt-get install mosquitto");
        }
        broker.start();
        return broker;
    }

    /** (Re)starts the broker on its port, with its persistence as it was left, and waits until it listens. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        Process started = process;
        await("mosquitto listening on port " + port).atMost(START_TIMEOUT).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + started.exitValue() + ":\n" + log());
            }
            return accepts();
        });
    }

    /** Stops it gracefully (SIGTERM): it saves its persistence first, as on a clean shutdown. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills it (SIGKILL): it loses whatever it had not saved, as in a crash or power loss. */
    public synchronized void kill() {
        end(true);
    }

    /** Freezes it (SIGSTOP): connections stay open but nothing is answered until {@link #resume()}. */
    public synchronized void pause() {
        signal("-STOP");
    }

    public synchronized void resume() {
        signal("-CONT");
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    public Path directory() {
        return directory;
    }

    /** What the broker logged so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        end(true); // SIGKILL ends a paused broker too
    }

    private void end(boolean force) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        if (force) {
            current.destroyForcibly();
        } else {
            current.destroy();
        }
        try {
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String signal) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(current.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
