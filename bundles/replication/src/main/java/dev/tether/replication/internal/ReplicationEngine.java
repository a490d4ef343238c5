package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.store.Acknowledgement;
import dev.tether.store.CloudChange;
import dev.tether.store.ItemRef;
import dev.tether.store.Outbox;
import dev.tether.store.PendingChange;
import dev.tether.sync.SyncStatus;
import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;

/**
 * The up direction of sync: drains the outbox into batches, publishes them, clears what the cloud
 * acknowledges and resends what it does not. All state is confined to one scheduler thread; the
 * durable truth is the outbox, so a restart loses nothing: unacknowledged changes are simply read
 * and sent again, with the HLC stamped on them the first time so the cloud sees duplicates.
 */
final class ReplicationEngine implements ConnectionListener {

    private static final Logger LOG = System.getLogger(ReplicationEngine.class.getName());

    private final EngineSettings settings;
    private final Outbox outbox;
    private final ConflictSettler conflicts;
    private final Transport transport;
    private final EngineThread thread;
    private final LongSupplier wallClock;
    private final EngineClock clock;
    private final Supplier<String> schemaVersion;
    private final PauseSwitch pause;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final BatchAssembler assembler;
    private final Backoff backoff;

    private final Map<String, InFlightBatch> inFlight = new LinkedHashMap<>();
    private final Set<ItemRef> inFlightItems = new HashSet<>();

    private final AtomicInteger inFlightCount = new AtomicInteger();
    private final AtomicLong changesSent = new AtomicLong();
    private final AtomicLong changesAcknowledged = new AtomicLong();
    private final AtomicLong lastAckMillis = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong changesDuplicate = new AtomicLong();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicLong changesRejected = new AtomicLong();
    private final AtomicLong conflictsSettled = new AtomicLong();
    private volatile String lastError;
    private Subscription ackSubscription;

    ReplicationEngine(EngineSettings settings, Outbox outbox, ConflictSettler conflicts, Transport transport,
            EngineThread thread, EngineClock clock, Supplier<String> schemaVersion, PauseSwitch pause) {
        this.settings = settings;
        this.outbox = outbox;
        this.conflicts = conflicts;
        this.transport = transport;
        this.thread = thread;
        this.wallClock = clock.wall();
        this.clock = clock;
        this.schemaVersion = schemaVersion;
        this.pause = pause;
        this.assembler = new BatchAssembler(codec);
        this.backoff = new Backoff(settings.ackTimeoutMillis(), settings.retransmitMaxDelayMillis(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void start() {
        transport.addConnectionListener(this);
        ackSubscription = transport.subscribe(settings.topics().downAck(settings.deviceId()),
                message -> runOnScheduler(() -> onAck(message)));
        thread.every(settings.pollIntervalMillis(), 0, this::drain, this::recordError);
        long resendCheck = Math.max(1, Math.min(settings.ackTimeoutMillis(), 1_000) / 2);
        thread.every(resendCheck, resendCheck, this::resendDue, this::recordError);
        LOG.log(Level.INFO, "replication started for device {0} on {1}", settings.deviceId(),
                settings.topics().upChanges(settings.deviceId()));
    }

    /** Stops listening; the owner of the scheduler shuts it down. */
    void stop() {
        transport.removeConnectionListener(this);
        if (ackSubscription != null) {
            ackSubscription.close();
        }
    }

    /** Drains soon; requests made while one is still queued are served by that one. */
    void requestDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            runOnScheduler(() -> {
                drainQueued.set(false);
                drain();
            });
        }
    }

    /** The whole engine's status: this direction's figures and those of the down direction. */
    SyncStatus status(DownstreamSync down) {
        long depth = -1;
        long deadLetterCount = -1;
        long oldestPendingAge = -1;
        try {
            depth = outbox.depth();
            deadLetterCount = outbox.deadLetters().count();
            long now = wallClock.getAsLong();
            oldestPendingAge = outbox.oldestCapturedAtMillis().stream().map(captured -> Math.max(0, now - captured))
                    .findFirst().orElse(0);
        } catch (RuntimeException e) {
            recordError("store not readable for status: " + e.getMessage());
        }
        String error = lastError != null ? lastError : down.lastError();
        return new SyncStatus(settings.deviceId(), transport.isConnected(), pause.isPaused(), depth, inFlightCount.get(),
                changesSent.get(), changesAcknowledged.get(), lastAckMillis.get(), deadLetterCount,
                down.cursor(DownstreamSync.DEVICE_CURSOR), down.cursor(DownstreamSync.SHARED_CURSOR), down.applied(),
                down.refused(), down.catchingUp(), error, oldestPendingAge, down.progress(), changesDuplicate.get(),
                changesRejected.get(), conflictsSettled.get());
    }

    String lastError() {
        return lastError;
    }

    long changesAcknowledged() {
        return changesAcknowledged.get();
    }

    long changesDuplicate() {
        return changesDuplicate.get();
    }

    long changesRejected() {
        return changesRejected.get();
    }

    long conflictsSettled() {
        return conflictsSettled.get();
    }

    /** Puts the dead letters back into the outbox; they are sent with the next drain. */
    int retryDeadLetters() {
        int retried = 0;
        for (var letter : outbox.deadLetters().list(Integer.MAX_VALUE)) {
            if (outbox.deadLetters().retry(letter.id())) {
                retried++;
            }
        }
        requestDrain();
        return retried;
    }

    @Override
    public void connected() {
        runOnScheduler(() -> {
            inFlight.values().forEach(batch -> batch.resendAtMillis = 0);
            resendDue();
            drain();
        });
    }

    @Override
    public void disconnected(Throwable cause) {
        if (cause != null) {
            lastError = "disconnected: " + cause.getMessage();
        }
    }

    private void drain() {
        while (!pause.isPaused() && transport.isConnected() && inFlight.size() < settings.maxInFlightBatches()) {
            List<PendingChange> pending = outbox.pending(settings.batchMaxChanges(), Set.copyOf(inFlightItems));
            if (pending.isEmpty()) {
                return;
            }
            int bound = settings.batchBound(
                    transport.maxPayloadSize(settings.topics().upChanges(settings.deviceId()), PublishOptions.NONE));
            BatchAssembler.Assembly assembly = assembler.assemble(UUID.randomUUID().toString(), stamped(pending), bound);
            for (PendingChange tooLarge : assembly.oversized()) {
                deadLetter(tooLarge, "the change can never fit a message of " + bound + " bytes");
            }
            if (assembly.changes().isEmpty()) {
                if (assembly.oversized().isEmpty()) {
                    return;
                }
                continue;
            }
            InFlightBatch batch = new InFlightBatch(assembly.batchId(), assembly.changes(), assembly.payload());
            inFlight.put(batch.id, batch);
            batch.changes.forEach(change -> inFlightItems.add(change.ref()));
            inFlightCount.set(inFlight.size());
            publish(batch);
        }
    }

    private List<PendingChange> stamped(List<PendingChange> pending) {
        List<PendingChange> result = new ArrayList<>(pending.size());
        List<PendingChange> newlyStamped = new ArrayList<>();
        for (PendingChange change : pending) {
            if (change.hlc() == null) {
                PendingChange withHlc = change.withHlc(clock.stampCaptured(change.capturedAtMillis()).toString());
                newlyStamped.add(withHlc);
                result.add(withHlc);
            } else {
                result.add(change);
            }
        }
        if (!newlyStamped.isEmpty()) {
            outbox.stamp(newlyStamped);
            clock.persist();
        }
        return result;
    }

    private void publish(InFlightBatch batch) {
        batch.attempts++;
        batch.resendAtMillis = wallClock.getAsLong() + backoff.delayAfter(batch.attempts);
        changesSent.addAndGet(batch.changes.size());
        try {
            PublishOptions options = PublishOptions.NONE.withContentType(Transport.JSON_CONTENT_TYPE)
                    .withUserProperties(Map.of(Transport.SCHEMA_VERSION_PROPERTY, schemaVersion.get()));
            transport.publish(settings.topics().upChanges(settings.deviceId()), batch.payload, options)
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            recordError("publish of batch " + batch.id + " failed (will retry): " + failure.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            recordError("publish of batch " + batch.id + " failed (will retry): " + e.getMessage());
        }
    }

    private void resendDue() {
        if (pause.isPaused() || !transport.isConnected()) {
            return;
        }
        long now = wallClock.getAsLong();
        for (InFlightBatch batch : List.copyOf(inFlight.values())) {
            if (batch.resendAtMillis <= now) {
                LOG.log(Level.DEBUG, "resending batch {0} ({1} changes, attempt {2})", batch.id, batch.changes.size(),
                        batch.attempts + 1);
                publish(batch);
            }
        }
    }

    private void onAck(InboundMessage message) {
        Ack ack;
        try {
            ack = codec.decodeAck(message.payload());
        } catch (ProtocolException e) {
            recordError("malformed ack on " + message.topic() + " ignored: " + e.getMessage());
            return;
        }
        InFlightBatch batch = inFlight.remove(ack.batch());
        if (batch == null) {
            LOG.log(Level.DEBUG, "ack for batch {0} that is not in flight (already acknowledged)", ack.batch());
            return;
        }
        batch.changes.forEach(change -> inFlightItems.remove(change.ref()));
        inFlightCount.set(inFlight.size());

        Map<ItemRef, AckResult> results = new HashMap<>();
        for (AckResult result : ack.results()) {
            results.put(new ItemRef(result.model(), result.key()), result);
        }
        List<Acknowledgement> accepted = new ArrayList<>();
        Map<PendingChange, AckResult> conflicting = new LinkedHashMap<>();
        for (PendingChange change : batch.changes) {
            AckResult result = results.get(change.ref());
            if (result == null) {
                recordError("ack of batch " + batch.id + " has no result for " + change.ref() + "; it will be sent again");
                continue;
            }
            switch (result.status()) {
                case APPLIED -> accepted.add(new Acknowledgement(change, result.version()));
                case DUPLICATE -> {
                    accepted.add(new Acknowledgement(change, result.version()));
                    changesDuplicate.incrementAndGet();
                }
                case CONFLICT -> conflicting.put(change, result);
                case REJECTED -> {
                    deadLetter(change, "rejected by the cloud: " + result.error());
                    changesRejected.incrementAndGet();
                }
            }
        }
        outbox.acknowledge(accepted);
        conflicting.forEach(this::settleConflict);
        conflictsSettled.addAndGet(conflicting.size());
        changesAcknowledged.addAndGet(accepted.size() + conflicting.size());
        lastAckMillis.set(wallClock.getAsLong());
        drain();
    }

    /** The device ends up holding the winner the cloud chose, with the conflict in its log. */
    private void settleConflict(PendingChange change, AckResult result) {
        CloudChange cloudWinner = ConflictOutcome.cloudWinner(change, result);
        conflicts.settle(new Acknowledgement(change, result.version()), cloudWinner);
        LOG.log(Level.INFO, "conflict on {0} settled by the cloud at version {1}: {2} won", change.ref(), result.version(),
                cloudWinner == null ? "the device's write" : "the cloud's write");
    }

    /** Moves a change that can never be synced out of the way of the ones behind it, with the reason. */
    private void deadLetter(PendingChange change, String reason) {
        outbox.deadLetter(change, reason);
        deadLetters.incrementAndGet();
        recordError("dead letter " + change.ref() + ": " + reason);
    }

    private void recordError(String error) {
        lastError = error;
        LOG.log(Level.WARNING, error);
    }

    private void runOnScheduler(Runnable task) {
        thread.execute(task, this::recordError);
    }

}
