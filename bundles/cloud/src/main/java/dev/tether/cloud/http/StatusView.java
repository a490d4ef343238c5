package dev.tether.cloud.http;

import dev.tether.cloud.ingest.IngestCounters;

/**
 * The body of {@code GET /api/status}.
 *
 * @param service always {@code tether-cloud}
 * @param version the service's version
 * @param broker the broker URI the service connects to
 * @param connected whether the MQTT connection is up
 * @param counters what the ingest did since start
 */
public record StatusView(String service, String version, String broker, boolean connected,
        IngestCounters.Snapshot counters) {
}
