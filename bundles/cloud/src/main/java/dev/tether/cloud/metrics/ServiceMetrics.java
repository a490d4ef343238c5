package dev.tether.cloud.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import dev.tether.cloud.feed.ChangeFeed;
import dev.tether.cloud.http.DeviceView;
import dev.tether.cloud.ingest.IngestCounters;
import dev.tether.cloud.sync.CatchUpResponder;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The service's metrics in Prometheus text format for {@code GET /metrics}. Every value is read at
 * scrape time from where the service already keeps it (the ingest counters, the feed, the store),
 * so the status endpoint and the metrics can never disagree.
 */
public final class ServiceMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public ServiceMetrics(IngestCounters counters, ChangeFeed feed, CatchUpResponder catchUp, Supplier<List<DeviceView>> devices) {
        CounterWithCallback.builder().name("tether_ingest_changes_total").help("Device changes by result")
                .labelNames("status")
                .callback(callback -> {
                    IngestCounters.Snapshot snapshot = counters.snapshot();
                    callback.call(snapshot.changesApplied(), "applied");
                    callback.call(snapshot.duplicates(), "duplicate");
                    callback.call(snapshot.rejected(), "rejected");
                    callback.call(counters.conflicts(), "conflict");
                }).register(registry);
        CounterWithCallback.builder().name("tether_ingest_batches_total").help("Batches answered with an ack")
                .callback(callback -> callback.call(counters.snapshot().batches())).register(registry);
        CounterWithCallback.builder().name("tether_ingest_failures_total").help("Messages not answerable or not answered")
                .labelNames("kind")
                .callback(callback -> {
                    IngestCounters.Snapshot snapshot = counters.snapshot();
                    callback.call(snapshot.malformed(), "malformed");
                    callback.call(snapshot.storeFailures(), "store");
                    callback.call(snapshot.ackFailures(), "ack");
                }).register(registry);
        GaugeWithCallback.builder().name("tether_ingest_changes_per_second").help("Device changes received per second, last minute")
                .callback(callback -> callback.call(counters.changesPerSecond())).register(registry);
        CounterWithCallback.builder().name("tether_apply_seconds_total").help("Time the store spent applying batches")
                .callback(callback -> callback.call(counters.applyLatency().totalSeconds())).register(registry);
        GaugeWithCallback.builder().name("tether_apply_max_seconds").help("Longest store time of one batch since start")
                .callback(callback -> callback.call(counters.applyLatency().maxMillis() / 1000)).register(registry);
        CounterWithCallback.builder().name("tether_down_messages_total").help("down/changes messages published by the feed")
                .callback(callback -> callback.call(feed.messagesSent())).register(registry);
        CounterWithCallback.builder().name("tether_catch_up_requests_total").help("Catch-up requests by result")
                .labelNames("result")
                .callback(callback -> {
                    callback.call(catchUp.answered(), "answered");
                    callback.call(catchUp.refused(), "refused");
                }).register(registry);
        GaugeWithCallback.builder().name("tether_device_pending_changes")
                .help("Committed changes of a device's scope the feed has not handed over yet")
                .labelNames("device")
                .callback(callback -> devices.get().forEach(device -> callback.call(device.pending(), device.device())))
                .register(registry);
    }

    /** The current values in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
