package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.SyncRequest;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.Inbound;
import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;

/**
 * The down direction of sync: applies the changes the cloud sends on the device's stream and on the
 * all-devices stream, each batch in one store transaction without echo and together with the
 * stream's cursor, and catches up after every (re)connect and whenever a stream shows a gap.
 *
 * <p>Each stream's cursor is the highest cloud version up to which the device has every change of
 * that stream. A message whose {@code previous} is above the cursor means messages were missed: its
 * changes are still applied (the store skips versions it already has), the cursor stays, and a
 * catch-up request asks the cloud for everything since the lower of the two cursors. The last page
 * of a catch-up answer covers both streams, so both cursors move to its cursor. All methods run on
 * the engine's scheduler thread.
 */
final class DownstreamSync implements ConnectionListener {

    static final String DEVICE_CURSOR = "down.cursor.device";
    static final String SHARED_CURSOR = "down.cursor.shared";
    static final String HLC_STATE = "hlc.last";

    private static final Logger LOG = System.getLogger(DownstreamSync.class.getName());

    private final EngineSettings settings;
    private final Inbound inbound;
    private final Transport transport;
    private final EngineClock clock;
    private final DownstreamPolicy policy;
    private final EngineThread thread;
    private final PauseSwitch pause;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<Subscription> subscriptions = new ArrayList<>();

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private volatile String catchUpId;
    private long catchUpStartedMillis;
    private volatile String lastError;

    DownstreamSync(EngineSettings settings, Inbound inbound, Transport transport, EngineClock clock,
            DownstreamPolicy policy, EngineThread thread, PauseSwitch pause) {
        this.settings = settings;
        this.inbound = inbound;
        this.transport = transport;
        this.clock = clock;
        this.policy = policy;
        this.thread = thread;
        this.pause = pause;
    }

    void start() {
        transport.addConnectionListener(this);
        long stallLimit = Math.max(settings.ackTimeoutMillis() * 6, 10_000);
        thread.every(stallLimit / 2, stallLimit / 2, () -> retryStalledCatchUp(stallLimit), this::recordError);
        String device = settings.deviceId();
        subscriptions.add(transport.subscribe(settings.topics().downChanges(device),
                message -> runOnScheduler(() -> onLive(DEVICE_CURSOR, message))));
        subscriptions.add(transport.subscribe(settings.topics().allDownChanges(),
                message -> runOnScheduler(() -> onLive(SHARED_CURSOR, message))));
        subscriptions.add(transport.subscribe(catchUpReplyTopic(),
                message -> runOnScheduler(() -> onCatchUpPage(message))));
    }

    void stop() {
        transport.removeConnectionListener(this);
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    @Override
    public void connected() {
        runOnScheduler(this::catchUp);
    }

    @Override
    public void disconnected(Throwable cause) {
        runOnScheduler(() -> catchUpId = null);
    }

    void requestCatchUp() {
        runOnScheduler(this::catchUp);
    }

    void requestFullResync() {
        runOnScheduler(this::fullResync);
    }

    /** Forgets both cursors and asks for the whole scope again. */
    private void fullResync() {
        inbound.updateSyncState(Map.of(DEVICE_CURSOR, "0", SHARED_CURSOR, "0"));
        LOG.log(Level.INFO, "full resync: cursors reset");
        catchUp();
    }

    /** Asks for everything since the cursors; on every (re)connect and when a stream shows a gap. */
    void catchUp() {
        if (pause.isPaused()) {
            return;
        }
        long since = Math.min(cursor(DEVICE_CURSOR), cursor(SHARED_CURSOR));
        catchUpId = UUID.randomUUID().toString();
        catchUpStartedMillis = clock.wall().getAsLong();
        catchUps.incrementAndGet();
        PublishOptions options = PublishOptions.NONE.withContentType(Transport.JSON_CONTENT_TYPE)
                .withResponse(catchUpReplyTopic(), catchUpId.getBytes(StandardCharsets.UTF_8));
        try {
            transport.publish(settings.topics().upSync(settings.deviceId()), codec.encode(new SyncRequest(since)), options)
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            runOnScheduler(() -> catchUpFailed("catch-up request failed: " + failure.getMessage()));
                        }
                    });
            LOG.log(Level.INFO, "catch-up requested since version {0}", since);
        } catch (RuntimeException e) {
            catchUpFailed("catch-up request failed: " + e.getMessage());
        }
    }

    /** Asks again when a catch-up got no final page within the time limit (lost reply, cloud restart). */
    private void retryStalledCatchUp(long limitMillis) {
        if (catchUpId != null && transport.isConnected()
                && clock.wall().getAsLong() - catchUpStartedMillis > limitMillis) {
            LOG.log(Level.WARNING, "catch-up {0} got no final answer in {1} ms; asking again", catchUpId, limitMillis);
            catchUp();
        }
    }

    long applied() {
        return applied.get();
    }

    long refused() {
        return refused.get();
    }

    String lastError() {
        return lastError;
    }

    boolean catchingUp() {
        return catchUpId != null;
    }

    private void onLive(String stream, InboundMessage message) {
        if (pause.isPaused()) {
            return;
        }
        Optional<DownChanges> decoded = decode(message);
        if (decoded.isEmpty()) {
            return;
        }
        DownChanges changes = decoded.get();
        long cursor = cursor(stream);
        boolean gap = previousOf(changes) > cursor;
        Map<String, String> state = new HashMap<>();
        if (!gap && changes.cursor() != null && changes.cursor() > cursor) {
            state.put(stream, Long.toString(changes.cursor()));
        }
        apply(changes, state);
        if (gap && catchUpId == null) {
            LOG.log(Level.INFO, "gap on {0}: message follows version {1}, the device has up to {2}; catching up",
                    message.topic(), previousOf(changes), cursor);
            catchUp();
        }
    }

    private void onCatchUpPage(InboundMessage message) {
        if (pause.isPaused()) {
            catchUpId = null;
            return;
        }
        String correlation = message.correlationData() == null ? null
                : new String(message.correlationData(), StandardCharsets.UTF_8);
        if (catchUpId == null || !catchUpId.equals(correlation)) {
            LOG.log(Level.DEBUG, "catch-up page of an earlier request ignored");
            return;
        }
        Optional<DownChanges> decoded = decode(message);
        if (decoded.isEmpty()) {
            return;
        }
        DownChanges page = decoded.get();
        Map<String, String> state = new HashMap<>();
        boolean last = !Boolean.TRUE.equals(page.more());
        if (last && page.cursor() != null) {
            for (String stream : List.of(DEVICE_CURSOR, SHARED_CURSOR)) {
                if (page.cursor() > cursor(stream)) {
                    state.put(stream, Long.toString(page.cursor()));
                }
            }
        }
        apply(page, state);
        if (last) {
            LOG.log(Level.INFO, "caught up to version {0}", page.cursor());
            catchUpId = null;
        }
    }

    private void apply(DownChanges message, Map<String, String> state) {
        List<CloudChange> accepted = new ArrayList<>();
        for (DownChange change : message.changes()) {
            Optional<String> refusal = policy.refusal(change);
            if (refusal.isPresent()) {
                refused.incrementAndGet();
                recordError("cloud change of " + change.model() + " " + change.key() + " refused: " + refusal.get());
                continue;
            }
            clock.hlc().receive(Hlc.parse(change.hlc()));
            accepted.add(new CloudChange(change.model(), change.key(), change.op(), change.item(), change.version(),
                    change.origin(), change.hlc()));
        }
        state.put(HLC_STATE, clock.hlc().last().toString());
        ApplyResult result = inbound.apply(accepted, state);
        applied.addAndGet(result.applied().size());
        result.rejected().forEach(rejection -> {
            refused.incrementAndGet();
            recordError("cloud change of " + rejection.item() + " not stored: " + rejection.reason());
        });
        if (!result.pendingLocal().isEmpty()) {
            LOG.log(Level.DEBUG, "{0} cloud changes wait for the ack of local work: {1}", result.pendingLocal().size(),
                    result.pendingLocal());
        }
    }

    private Optional<DownChanges> decode(InboundMessage message) {
        try {
            return Optional.of(codec.decodeDownChanges(message.payload()));
        } catch (ProtocolException e) {
            refused.incrementAndGet();
            recordError("malformed message on " + message.topic() + " ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    long cursor(String stream) {
        return inbound.syncState(stream).map(Long::parseLong).orElse(0L);
    }

    private static long previousOf(DownChanges changes) {
        return changes.previous() == null ? 0 : changes.previous();
    }

    private String catchUpReplyTopic() {
        return settings.topics().downSync(settings.deviceId());
    }

    private void catchUpFailed(String error) {
        catchUpId = null;
        recordError(error + " (asked again on the next connect)");
    }

    private void runOnScheduler(Runnable task) {
        thread.execute(task, this::recordError);
    }

    private void recordError(String error) {
        lastError = error;
        LOG.log(Level.WARNING, error);
    }

    /** Reads the persisted HLC so that a restarted device never issues an older timestamp. */
    static Hlc persistedHlc(Inbound inbound) {
        return inbound.syncState(HLC_STATE).map(Hlc::parse).orElse(new Hlc(0, 0));
    }
}
