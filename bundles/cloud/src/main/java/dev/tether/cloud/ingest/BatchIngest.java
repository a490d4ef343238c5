package dev.tether.cloud.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import dev.tether.cloud.schema.ChangeAdmission;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.Topics;

/**
 * Turns one message from {@code {prefix}/{device}/up/changes} into the ack for the device: checks
 * the topic, decodes the batch, applies it to the store (scope and origin are the device) and
 * returns the ack only once the store has committed. Never throws: a bad message or a failing
 * store is logged, counted and answered with no ack.
 */
public final class BatchIngest {

    private static final System.Logger LOG = System.getLogger(BatchIngest.class.getName());

    private final CloudStore store;
    private final Topics topics;
    private final ProtocolCodec codec;
    private final BatchDecoder decoder;
    private final IngestCounters counters;
    private final ChangeAdmission admission;

    /** Without a schema: only the topic's device isolates devices. */
    public BatchIngest(CloudStore store, Topics topics, ProtocolCodec codec, IngestCounters counters) {
        this(store, topics, codec, counters, new ChangeAdmission(Optional.empty()));
    }

    public BatchIngest(CloudStore store, Topics topics, ProtocolCodec codec, IngestCounters counters, ChangeAdmission admission) {
        this.admission = admission;
        this.store = store;
        this.topics = topics;
        this.codec = codec;
        this.decoder = new BatchDecoder(codec);
        this.counters = counters;
    }

    public Optional<OutgoingAck> handle(String topic, byte[] payload) {
        Optional<String> device = deviceOf(topic);
        if (device.isEmpty()) {
            counters.malformed();
            return Optional.empty();
        }
        DecodedBatch batch;
        try {
            batch = decoder.decode(payload);
        } catch (ProtocolException e) {
            counters.malformed();
            LOG.log(System.Logger.Level.WARNING, "Malformed message from device {0} ignored: {1}", device.get(), e.getMessage());
            return Optional.empty();
        }
        Optional<List<AckResult>> results = apply(device.get(), batch);
        if (results.isEmpty()) {
            return Optional.empty();
        }
        count(results.get());
        counters.batchAcknowledged();
        Ack ack = new Ack(batch.batch(), results.get());
        LOG.log(System.Logger.Level.DEBUG, "Batch {0} of device {1}: {2} results", batch.batch(), device.get(), results.get().size());
        return Optional.of(new OutgoingAck(topics.downAck(device.get()), device.get(), batch.batch(), codec.encode(ack)));
    }

    private Optional<String> deviceOf(String topic) {
        Optional<String> device = topics.deviceOf(topic);
        try {
            if (device.isPresent() && topics.upChanges(device.get()).equals(topic)) {
                return device;
            }
            LOG.log(System.Logger.Level.WARNING, "Message on topic {0} ignored: it is not a device''s {1}/<device>/up/changes topic",
                    topic, topics.prefix());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Message on topic {0} ignored: {1}", topic, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The results of the whole batch in its order, rejections of malformed and refused changes
     * included; empty if the store failed.
     */
    private Optional<List<AckResult>> apply(String device, DecodedBatch batch) {
        List<Change> wellFormed = new ArrayList<>();
        List<AckResult> early = new ArrayList<>();
        for (DecodedBatch.Entry entry : batch.entries()) {
            if (entry.isRejected()) {
                early.add(entry.rejection());
                continue;
            }
            Optional<String> refusal = admission.refusal(device, entry.change());
            if (refusal.isPresent()) {
                early.add(AckResult.rejected(entry.change().model(), entry.change().key(), refusal.get()));
            } else {
                early.add(null);
                wellFormed.add(entry.change());
            }
        }
        List<AckResult> stored;
        try {
            long start = System.nanoTime();
            stored = store.apply(device, device, wellFormed);
            counters.applied(batch.entries().size(), System.nanoTime() - start);
            if (stored.size() != wellFormed.size()) {
                throw new IllegalStateException("the store returned " + stored.size() + " results for " + wellFormed.size() + " changes");
            }
        } catch (RuntimeException e) {
            counters.storeFailure();
            LOG.log(System.Logger.Level.ERROR, "Batch " + batch.batch() + " of device " + device
                    + " not applied, no ack sent (the device will retransmit): " + e.getMessage(), e);
            return Optional.empty();
        }
        List<AckResult> results = new ArrayList<>(batch.entries().size());
        Iterator<AckResult> storedResults = stored.iterator();
        for (AckResult decided : early) {
            results.add(decided != null ? decided : storedResults.next());
        }
        return Optional.of(results);
    }

    private void count(List<AckResult> results) {
        for (AckResult result : results) {
            switch (result.status()) {
                case APPLIED -> counters.changeApplied();
                case DUPLICATE -> counters.duplicate();
                case REJECTED -> {
                    counters.rejected();
                    LOG.log(System.Logger.Level.INFO, "Change to {0} {1} rejected: {2}", result.model(), result.key(), result.error());
                }
                case CONFLICT -> {
                    counters.conflict();
                    LOG.log(System.Logger.Level.DEBUG, "Conflict on {0} {1}", result.model(), result.key());
                }
            }
        }
    }
}
