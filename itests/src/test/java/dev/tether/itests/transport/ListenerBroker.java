package dev.tether.itests.transport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.ProcessCleanup;

/**
 * A real mosquitto with one or more loopback listeners (each a way in for a transport instance) and
 * broker-wide settings such as {@code max_packet_size}. It runs until the test JVM exits.
 */
final class ListenerBroker {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final List<Integer> ports;

    private ListenerBroker(List<Integer> ports) {
        this.ports = ports;
    }

    static ListenerBroker start(Path dir, int listeners, List<String> brokerLines) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package (apt-get install mosquitto)");
        }
        Files.createDirectories(dir);
        List<Integer> ports = new ArrayList<>();
        List<String> config = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            int port = MosquittoBroker.freePort();
            ports.add(port);
            config.add("listener " + port + " 127.0.0.1");
        }
        config.addAll(List.of("allow_anonymous true", "set_tcp_nodelay true", "persistence false",
                "log_type error", "log_type warning", "log_type notice"));
        config.addAll(brokerLines);
        Path conf = Files.write(dir.resolve("mosquitto.conf"), config, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        ProcessCleanup.killOnExit(process.toHandle());
        for (int port : ports) {
            await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                }
                return accepts(port);
            });
        }
        return new ListenerBroker(ports);
    }

    String uri(int listener) {
        return "tcp://127.0.0.1:" + ports.get(listener);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
