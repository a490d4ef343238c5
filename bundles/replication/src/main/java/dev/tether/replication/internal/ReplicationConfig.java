package dev.tether.replication.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = "dev.tether.replication", name = "Tether replication engine",
        description = "Sends the changes captured in the local outbox to the cloud and clears them when the cloud acknowledges them.")
public @interface ReplicationConfig {

    @AttributeDefinition(name = "Device id",
            description = "This gateway's id: one topic level, unique in the fleet; the cloud files this device's items under it.")
    String deviceId();

    @AttributeDefinition(name = "Topic prefix", description = "First level of every Tether topic; the same on devices and cloud.")
    String topicPrefix() default "tether";

    @AttributeDefinition(name = "Max changes per batch", min = "1")
    int batchMaxChanges() default 500;

    @AttributeDefinition(name = "Max bytes per batch",
            description = "Upper bound of one batch message; the default stays under the 128 KB limit of common brokers.", min = "1024")
    int batchMaxBytes() default 120_000;

    @AttributeDefinition(name = "Outbox poll interval (ms)",
            description = "How often the outbox is checked for changes made by any writer; also how long small writes gather into one batch.", min = "1")
    long pollIntervalMillis() default 100;

    @AttributeDefinition(name = "Ack timeout (ms)",
            description = "A batch not acknowledged within this time is sent again; the wait doubles on each retry.", min = "1")
    long ackTimeoutMillis() default 5_000;

    @AttributeDefinition(name = "Max retransmit delay (ms)", description = "Cap of the growing wait between retries of one batch.", min = "1")
    long retransmitMaxDelayMillis() default 60_000;

    @AttributeDefinition(name = "Max batches in flight", min = "1")
    int maxInFlightBatches() default 4;

    /**
     * DS reads this property itself as the target filter of the reference named {@code Transport};
     * changing it moves the engine to another transport (it restarts and resumes from the outbox).
     */
    @AttributeDefinition(name = "Transport",
            description = "Filter selecting the transport to sync over, e.g. (name=backup) for the MQTT transport instance named backup.")
    String Transport_target() default "(objectClass=dev.tether.transport.Transport)";
}
