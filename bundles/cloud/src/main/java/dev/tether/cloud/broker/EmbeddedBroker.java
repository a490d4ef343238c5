package dev.tether.cloud.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hivemq.embedded.EmbeddedHiveMQ;

/**
 * HiveMQ CE running inside the service process, for the all-in-one setup. Its configuration,
 * persistent sessions and queued messages live under one directory.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedBroker.class.getName());
    private static final long START_TIMEOUT_SECONDS = 60;

    private final EmbeddedHiveMQ hivemq;
    private final String host;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, String host, int port) {
        this.hivemq = hivemq;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts the broker listening on {@code host:port} (port 0: a free port) with its files under
     * {@code directory} ({@code conf/}, {@code data/}, {@code extensions/}).
     */
    public static EmbeddedBroker start(Path directory, String host, int port) {
        int actualPort = port == 0 ? FreePort.on(host) : port;
        Path conf = directory.resolve("conf");
        Path data = directory.resolve("data");
        Path extensions = directory.resolve("extensions");
        try {
            HiveMqFiles.write(conf, host, actualPort);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's directory " + directory, e);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .build();
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq);
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the embedded broker did not start on " + host + ":" + actualPort + ": " + cause, cause);
        }
        LOG.log(System.Logger.Level.INFO, "Embedded HiveMQ CE listening on {0}:{1,number,#}", host, actualPort);
        return new EmbeddedBroker(hivemq, host, actualPort);
    }

    public int port() {
        return port;
    }

    /** The URI a client on this machine connects with (a wildcard listen address means loopback). */
    public String localUri() {
        String connectHost = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return "tcp://" + connectHost + ":" + port;
    }

    @Override
    public void close() {
        closeQuietly(hivemq);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "The embedded broker did not stop cleanly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
