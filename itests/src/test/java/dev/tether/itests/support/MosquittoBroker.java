package dev.tether.itests.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real mosquitto broker on a free loopback port, run as a child process. Its directory holds the
 * configuration and a pid file, so that code in another class loader (a Pax Exam probe) can
 * {@link #attach attach} to it to stop and restart it.
 */
public final class MosquittoBroker {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes a configuration for a free port in {@code dir} and starts the broker. */
    public static MosquittoBroker start(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package (apt-get install mosquitto)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "persistence false",
                "log_type error",
                "log_type warning",
                "log_type notice",
                ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("port"), Integer.toString(port), StandardCharsets.UTF_8);
        MosquittoBroker broker = new MosquittoBroker(dir, port);
        broker.restart();
        return broker;
    }

    /** The broker started earlier in {@code dir}, possibly by another class loader. */
    public static MosquittoBroker attach(Path dir) throws IOException {
        return new MosquittoBroker(dir, Integer.parseInt(Files.readString(dir.resolve("port")).trim()));
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Starts the broker (again) on its port and waits until it accepts connections. */
    public synchronized void restart() throws IOException {
        if (running().isPresent()) {
            return;
        }
        Process process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Files.writeString(dir.resolve("pid"), Long.toString(process.pid()), StandardCharsets.UTF_8);
        ProcessCleanup.killOnExit(process.toHandle());
        await("mosquitto accepting connections on port " + port).atMost(Duration.ofSeconds(20))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                    }
                    return accepts(port);
                });
    }

    /** Stops the broker and waits until it is gone. */
    public synchronized void stop() {
        running().ifPresent(handle -> {
            handle.destroy();
            handle.onExit().join();
        });
        await("port " + port + " closed").atMost(Duration.ofSeconds(20)).until(() -> !accepts(port));
    }

    private Optional<ProcessHandle> running() {
        try {
            Path pidFile = dir.resolve("pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
