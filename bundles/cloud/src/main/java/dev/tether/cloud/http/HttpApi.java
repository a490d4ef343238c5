package dev.tether.cloud.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

import dev.tether.cloudstore.CloudStore;

/** The service's JSON API on the JDK's HTTP server; see {@link ApiRouter} for the endpoints. */
public final class HttpApi implements AutoCloseable {

    /** Writers mostly wait for their group's commit: more threads let more of them share one. */
    private static final int THREADS = 16;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private HttpApi(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /**
     * What the API serves.
     *
     * @param status the status body
     * @param devices the devices with their feed cursor and lag
     * @param store items and the conflict log
     * @param writer writes through the API
     * @param metrics the Prometheus text exposition
     */
    public record Sources(Supplier<StatusView> status, Supplier<List<DeviceView>> devices, CloudStore store, ItemWriter writer,
            Supplier<String> metrics) {
    }

    /** Starts listening on {@code host:port} (port 0: a free port); with a token, every request must bear it. */
    public static HttpApi start(String host, int port, Optional<String> token, Sources sources) throws IOException {
        // The JDK server writes a response's head and body separately; without TCP_NODELAY the body waits
        // for the client's delayed ACK (~40 ms), which held the API to ~20 requests/s per client. The JDK
        // reads this once, when its first server is made; an explicit -D setting is left as it is.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "tether-cloud-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", new ApiRouter(token, new StatusEndpoint(sources.status()), new DevicesEndpoint(sources.devices()),
                new ConflictsEndpoint(sources.store()), new ItemsEndpoint(sources.store(), sources.writer()), sources.metrics()));
        server.start();
        return new HttpApi(server, executor, host);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:8080} */
    public String baseUri() {
        String uriHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + uriHost + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
