package dev.tether.replication.internal;

import dev.tether.protocol.Topics;

/** The engine's settings, checked once so that a wrong configuration is refused with the property named. */
record EngineSettings(String deviceId, Topics topics, int batchMaxChanges, int batchMaxBytes, long pollIntervalMillis,
        long ackTimeoutMillis, long retransmitMaxDelayMillis, int maxInFlightBatches) {

    EngineSettings {
        try {
            Topics.checkedDevice(deviceId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration property deviceId: " + e.getMessage(), e);
        }
        positive("batchMaxChanges", batchMaxChanges);
        positive("batchMaxBytes", batchMaxBytes);
        positive("pollIntervalMillis", pollIntervalMillis);
        positive("ackTimeoutMillis", ackTimeoutMillis);
        positive("retransmitMaxDelayMillis", retransmitMaxDelayMillis);
        positive("maxInFlightBatches", maxInFlightBatches);
    }

    /**
     * The byte bound of the next batch: the configured one, or the largest payload the transport can
     * send now (the broker's maximum packet size less the packet's own overhead) if that is smaller.
     */
    int batchBound(int transportPayloadLimit) {
        return Math.min(batchMaxBytes, transportPayloadLimit);
    }

    static EngineSettings from(ReplicationConfig config) {
        Topics topics;
        try {
            topics = new Topics(config.topicPrefix());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration property topicPrefix: " + e.getMessage(), e);
        }
        return new EngineSettings(config.deviceId(), topics, config.batchMaxChanges(), config.batchMaxBytes(),
                config.pollIntervalMillis(), config.ackTimeoutMillis(), config.retransmitMaxDelayMillis(),
                config.maxInFlightBatches());
    }

    private static void positive(String property, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("configuration property " + property + " must be positive, was " + value);
        }
    }
}
