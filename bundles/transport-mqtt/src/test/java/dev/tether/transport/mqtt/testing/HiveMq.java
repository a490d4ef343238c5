package dev.tether.transport.mqtt.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.embedded.EmbeddedHiveMQ;

/**
 * HiveMQ CE embedded in the test JVM on a free loopback port, usage statistics off, its files in
 * one directory, with an optional maximum packet size. Always {@link #close()} it.
 */
public final class HiveMq implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private HiveMq(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /** @param maxPacketSize the broker's Maximum Packet Size, 0 for HiveMQ's default */
    public static HiveMq start(Path directory, int maxPacketSize) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path conf = Files.createDirectories(directory.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), configXml(port, maxPacketSize), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                    <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>hivemq %-5level %msg%n</pattern></encoder>
                    </appender>
                    <root level="WARN"><appender-ref ref="CONSOLE"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(directory.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(directory.resolve("extensions")))
                .build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            hivemq.close();
            throw e;
        }
        return new HiveMq(hivemq, port);
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    private static String configXml(int port, int maxPacketSize) {
        String packets = maxPacketSize <= 0 ? ""
                : "<mqtt><packets><max-packet-size>" + maxPacketSize + "</max-packet-size></packets></mqtt>";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                    </listeners>
                    %s
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, packets);
    }

    @Override
    public void close() throws ExecutionException, InterruptedException {
        hivemq.close();
    }
}
