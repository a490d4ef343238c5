package dev.tether.cloud.http;

import dev.tether.cloud.ingest.IngestCounters;

/**
 * The body of {@code GET /api/status}.
 *
 * @param service always {@code tether-cloud}
 * @param version the service's version
 * @param broker the broker URI the service connects to
 * @param connected whether the MQTT connection is up
 * @param store where the items are kept
 * @param counters what the ingest did since start
 * @param ingest rates and latency of the ingest
 * @param feed what the change feed and the catch-up responder did since start
 * @param devicesLagging devices with changes the feed has not handed over yet, and how many changes in all
 * @param tombstones the tombstone horizon and what it did since start
 */
public record StatusView(String service, String version, String broker, boolean connected, String store,
        IngestCounters.Snapshot counters, Ingest ingest, Feed feed, Lag devicesLagging, Tombstones tombstones) {

    /**
     * @param horizonSeconds how long deletes are kept for catch-up
     * @param watermark the highest version of a purged tombstone: catch-up from below it needs a full resync
     * @param purged tombstones purged since start
     * @param resyncsRequired catch-up requests answered "resync required" since start
     * @param fullResyncs full resync requests answered since start
     */
    public record Tombstones(long horizonSeconds, long watermark, long purged, long resyncsRequired, long fullResyncs) {
    }

    /**
     * @param changesPerSecond changes received per second, last minute
     * @param applyLatency store time per batch
     * @param conflicts changes answered {@code conflict}
     */
    public record Ingest(double changesPerSecond, IngestCounters.ApplyLatency applyLatency, long conflicts) {
    }

    /**
     * @param messagesSent down/changes messages published
     * @param failedRounds feed rounds that failed (retried)
     * @param catchUpsAnswered catch-up requests answered
     * @param catchUpsRefused catch-up requests refused or failed
     */
    public record Feed(long messagesSent, long failedRounds, long catchUpsAnswered, long catchUpsRefused) {
    }

    /**
     * @param devices devices with pending changes
     * @param pendingChanges their pending changes in all
     */
    public record Lag(long devices, long pendingChanges) {
    }
}
