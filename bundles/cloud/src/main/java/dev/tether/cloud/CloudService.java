package dev.tether.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.paho.mqttv5.common.MqttException;

import dev.tether.cloud.broker.EmbeddedBroker;
import dev.tether.cloud.config.CloudConfig;
import dev.tether.cloud.feed.ChangeFeed;
import dev.tether.cloud.feed.DownFilter;
import dev.tether.cloud.feed.DownPages;
import dev.tether.cloud.http.DeviceView;
import dev.tether.cloud.http.HttpApi;
import dev.tether.cloud.http.ItemWriter;
import dev.tether.cloud.http.StatusView;
import dev.tether.cloud.ingest.BatchIngest;
import dev.tether.cloud.ingest.IngestCounters;
import dev.tether.cloud.mqtt.MqttIngestClient;
import dev.tether.cloud.metrics.ServiceMetrics;
import dev.tether.cloud.mqtt.MqttSettings;
import dev.tether.cloud.schema.ChangeAdmission;
import dev.tether.cloud.schema.SchemaConflictPolicies;
import dev.tether.cloud.schema.SchemaFile;
import dev.tether.cloud.store.CloudDatabase;
import dev.tether.cloud.store.jdbc.DeviceActivity;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.cloud.sync.CatchUpResponder;
import dev.tether.cloud.sync.TombstonePurger;
import dev.tether.cloudstore.CloudStore;
import dev.tether.cloudstore.FanOutState;
import dev.tether.protocol.HybridLogicalClock;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;
import dev.tether.schema.Schema;

/**
 * The cloud sync service, wired from its configuration: embedded broker (optional), store (embedded
 * Derby or PostgreSQL), ingest, catch-up, HTTP API, MQTT client, change feed and tombstone purge.
 * {@link #close()} stops them in the opposite order: purge, feed, client, HTTP, store, broker.
 */
public final class CloudService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CloudService.class.getName());
    private static final Duration EMBEDDED_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXTERNAL_SUBSCRIBE_TIMEOUT = Duration.ofSeconds(15);

    private final String version;
    private final JdbcCloudStore store;
    private final IngestCounters counters;
    private final HttpApi http;
    private final MqttIngestClient mqtt;
    /** Everything started, last first: closing pops them in reverse start order. */
    private final Deque<AutoCloseable> started;
    private volatile boolean closed;

    private CloudService(String version, JdbcCloudStore store, IngestCounters counters, HttpApi http, MqttIngestClient mqtt,
            Deque<AutoCloseable> started) {
        this.version = version;
        this.store = store;
        this.counters = counters;
        this.http = http;
        this.mqtt = mqtt;
        this.started = started;
    }

    /** Starts everything, or stops what already started and throws. */
    public static CloudService start(CloudConfig config) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            return startAll(config, started);
        } catch (RuntimeException | IOException | MqttException | InterruptedException e) {
            closeAll(started);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static CloudService startAll(CloudConfig config, Deque<AutoCloseable> started)
            throws IOException, MqttException, InterruptedException {
        LOG.log(System.Logger.Level.INFO, "Starting the Tether cloud service with {0}", config);
        Optional<Schema> schema = SchemaFile.load(config.schemaPath());
        String brokerUri;
        if (config.brokerEmbedded()) {
            EmbeddedBroker broker = EmbeddedBroker.start(config.dataDir().resolve("broker"), config.brokerHost(), config.brokerPort());
            started.push(broker);
            brokerUri = broker.localUri();
        } else {
            brokerUri = config.brokerUri().orElseThrow();
        }

        CloudDatabase database = CloudDatabase.open(config, new SchemaConflictPolicies(schema));
        started.push(database);
        JdbcCloudStore store = database.store();

        Topics topics = new Topics(config.topicPrefix());
        ProtocolCodec codec = new ProtocolCodec();
        IngestCounters counters = new IngestCounters();
        BatchIngest ingest = new BatchIngest(store, topics, codec, counters, new ChangeAdmission(schema));
        MqttIngestClient mqtt = new MqttIngestClient(new MqttSettings(brokerUri, config.clientId(), config.brokerUsername(),
                config.brokerPassword(), config.sessionExpirySeconds(), config.ackExpirySeconds(), topics), ingest, counters);
        DownPages pages = new DownPages(codec, new DownFilter(schema), config.downMaxBytes());
        CatchUpResponder catchUp = new CatchUpResponder(store, topics, codec, pages, mqtt);
        mqtt.answerCatchUpWith(catchUp);
        ChangeFeed feed = new ChangeFeed(store, topics, pages, mqtt, config.feedIntervalMillis());
        TombstonePurger purger = new TombstonePurger(store, Duration.ofSeconds(config.tombstoneHorizonSeconds()),
                Duration.ofSeconds(config.tombstonePurgeIntervalSeconds()));

        String version = ServiceVersion.read();
        Supplier<List<DeviceView>> devices = () -> deviceViews(store);
        ServiceMetrics metrics = new ServiceMetrics(counters, feed, catchUp, devices);
        ItemWriter writer = new ItemWriter(schema, store, new HybridLogicalClock(System::currentTimeMillis), feed::wakeUp);
        started.push(writer); // closed after the HTTP server: its requests may wait on a write
        Supplier<StatusView> status = () -> status(version, mqtt, database, counters, feed, catchUp, devices.get(),
                tombstones(store, purger, catchUp));
        HttpApi http;
        try {
            http = HttpApi.start(config.httpHost(), config.httpPort(), config.httpToken(),
                    new HttpApi.Sources(status, devices, store, writer, metrics::scrape));
        } catch (IOException e) {
            mqtt.close();
            throw new UncheckedIOException("cannot serve HTTP on " + config.httpHost() + ":" + config.httpPort() + ": " + e, e);
        }
        started.push(http);

        started.push(mqtt);
        mqtt.start();
        Duration timeout = config.brokerEmbedded() ? EMBEDDED_SUBSCRIBE_TIMEOUT : EXTERNAL_SUBSCRIBE_TIMEOUT;
        if (!mqtt.awaitSubscribed(timeout)) {
            if (config.brokerEmbedded()) {
                throw new IllegalStateException("could not subscribe on the embedded broker at " + brokerUri + " within " + timeout.toSeconds() + " s");
            }
            LOG.log(System.Logger.Level.WARNING, "Not subscribed at {0} after {1} s; serving anyway and retrying in the background",
                    brokerUri, timeout.toSeconds());
        }
        // Closed before the MQTT client: a round in progress still publishes through it.
        started.push(feed);
        feed.start();
        started.push(purger);
        purger.start();
        return new CloudService(version, store, counters, http, mqtt, started);
    }

    private static List<DeviceView> deviceViews(JdbcCloudStore store) {
        List<DeviceView> views = new ArrayList<>();
        for (DeviceActivity device : store.devices()) {
            FanOutState feed = store.fanOutState(device.device());
            views.add(new DeviceView(device.device(), device.lastSeen(), device.batches(), device.changesApplied(), feed.cursor(),
                    feed.pending()));
        }
        return views;
    }

    private static StatusView.Tombstones tombstones(CloudStore store, TombstonePurger purger, CatchUpResponder catchUp) {
        return new StatusView.Tombstones(purger.horizon().toSeconds(), store.tombstoneWatermark(), purger.purged(),
                catchUp.resyncsRequired(), catchUp.fullResyncs());
    }

    private static StatusView status(String version, MqttIngestClient mqtt, CloudDatabase database, IngestCounters counters,
            ChangeFeed feed, CatchUpResponder catchUp, List<DeviceView> devices, StatusView.Tombstones tombstones) {
        long lagging = devices.stream().filter(device -> device.pending() > 0).count();
        long pending = devices.stream().mapToLong(DeviceView::pending).sum();
        return new StatusView("tether-cloud", version, mqtt.serverUri(), mqtt.isConnected(), database.toString(),
                counters.snapshot(),
                new StatusView.Ingest(counters.changesPerSecond(), counters.applyLatency(), counters.conflicts()),
                new StatusView.Feed(feed.messagesSent(), feed.failures(), catchUp.answered(), catchUp.refused()),
                new StatusView.Lag(lagging, pending), tombstones);
    }

    /** The one line launchers and tests wait for. */
    public String readyLine() {
        return "Tether cloud ready: broker " + mqtt.serverUri() + ", HTTP " + statusUri();
    }

    public String brokerUri() {
        return mqtt.serverUri();
    }

    public String statusUri() {
        return http.baseUri() + "/api/status";
    }

    public String httpBaseUri() {
        return http.baseUri();
    }

    public String version() {
        return version;
    }

    public boolean isConnected() {
        return mqtt.isConnected();
    }

    public CloudStore store() {
        return store;
    }

    public IngestCounters.Snapshot counters() {
        return counters.snapshot();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(System.Logger.Level.INFO, "Stopping the Tether cloud service");
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Stopping " + part.getClass().getSimpleName() + " failed", e);
            }
        }
    }
}
