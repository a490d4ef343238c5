package dev.tether.cloud.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The cloud service's configuration, validated. Build it with {@link ConfigLoader}.
 *
 * @param brokerEmbedded run HiveMQ CE inside the process
 * @param brokerHost the embedded broker's listen address
 * @param brokerPort the embedded broker's port, 0 for a free one
 * @param brokerUri the external broker when not embedded
 * @param brokerUsername optional MQTT user name
 * @param brokerPassword optional MQTT password
 * @param topicPrefix the topic prefix shared with the devices
 * @param clientId the MQTT client id of this instance
 * @param sessionExpirySeconds how long the broker keeps this instance's session while it is away
 * @param ackExpirySeconds how long the broker keeps an ack for a device that is away
 * @param dataDir where the Derby database and the embedded broker's files live
 * @param httpHost the HTTP API's listen address
 * @param httpPort the HTTP API's port, 0 for a free one
 * @param httpToken the bearer token the HTTP API demands; without one it listens on loopback only
 * @param storeUrl the JDBC URL of an external database (PostgreSQL); empty: embedded Derby under dataDir
 * @param storeUsername the database user
 * @param storePassword the database password
 * @param storePoolSize connections to the external database at most
 * @param schemaPath the schema that ingest and API writes are checked against, and that says what syncs down
 * @param feedIntervalMillis how often the change feed looks for new versions (writes through the API are sent at once)
 * @param downMaxBytes the largest down/changes message, in bytes
 * @param tombstoneHorizonSeconds how long deletes are kept for catch-up; a device whose cursor is older does a full resync
 * @param tombstonePurgeIntervalSeconds how often tombstones older than the horizon are purged
 */
public record CloudConfig(boolean brokerEmbedded, String brokerHost, int brokerPort, Optional<String> brokerUri,
        Optional<String> brokerUsername, Optional<String> brokerPassword, String topicPrefix, String clientId,
        long sessionExpirySeconds, long ackExpirySeconds, Path dataDir, String httpHost, int httpPort,
        Optional<String> httpToken, Optional<String> storeUrl, Optional<String> storeUsername, Optional<String> storePassword,
        int storePoolSize, Optional<Path> schemaPath, long feedIntervalMillis, int downMaxBytes,
        long tombstoneHorizonSeconds, long tombstonePurgeIntervalSeconds) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CloudConfig[brokerEmbedded=" + brokerEmbedded + ", brokerHost=" + brokerHost + ", brokerPort=" + brokerPort
                + ", brokerUri=" + brokerUri.orElse("-") + ", brokerUsername=" + brokerUsername.orElse("-")
                + ", brokerPassword=" + (brokerPassword.isPresent() ? "***" : "-") + ", topicPrefix=" + topicPrefix
                + ", clientId=" + clientId + ", sessionExpirySeconds=" + sessionExpirySeconds
                + ", ackExpirySeconds=" + ackExpirySeconds + ", dataDir=" + dataDir + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort + ", httpToken=" + (httpToken.isPresent() ? "***" : "-")
                + ", storeUrl=" + storeUrl.orElse("embedded Derby") + ", storeUsername=" + storeUsername.orElse("-")
                + ", storePassword=" + (storePassword.isPresent() ? "***" : "-") + ", storePoolSize=" + storePoolSize
                + ", schemaPath=" + schemaPath.map(Path::toString).orElse("-") + ", feedIntervalMillis=" + feedIntervalMillis
                + ", downMaxBytes=" + downMaxBytes + ", tombstoneHorizonSeconds=" + tombstoneHorizonSeconds
                + ", tombstonePurgeIntervalSeconds=" + tombstonePurgeIntervalSeconds + "]";
    }
}
