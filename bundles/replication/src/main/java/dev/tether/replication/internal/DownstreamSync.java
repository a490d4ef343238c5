package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.SyncRequest;
import dev.tether.store.ApplyResult;
import dev.tether.store.CloudChange;
import dev.tether.store.Inbound;
import dev.tether.store.ItemRef;
import dev.tether.sync.SyncProgress;
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
 * of a catch-up answer covers both streams, so both cursors move to its cursor.
 *
 * <p>When the cloud answers that the cursor is older than its tombstone horizon (deletes since may be
 * forgotten), or an operator asks for it, the device does a full resync: the cloud sends every live
 * item of the device's and the shared scope, and at the last page the device removes, in the same
 * transaction as that page and the cursors, the local items of down-syncing models in its scope that
 * neither the answer nor a live message named meanwhile. Items with unacknowledged local work are
 * never removed (the store leaves them alone), so that work still goes up. All methods run on the
 * engine's scheduler thread; {@link #progress()} may be read from any thread.
 */
final class DownstreamSync implements ConnectionListener {

    static final String DEVICE_CURSOR = "down.cursor.device";
    static final String SHARED_CURSOR = "down.cursor.shared";
    static final String HLC_STATE = "hlc.last";
    /** The origin recorded for a local item a full resync removed because the cloud no longer has it. */
    static final String RESYNC_ORIGIN = "full-resync";

    private static final Logger LOG = System.getLogger(DownstreamSync.class.getName());

    private final EngineSettings settings;
    private final Inbound inbound;
    private final Transport transport;
    private final EngineClock clock;
    private final DownstreamPolicy policy;
    private final LocalInventory inventory;
    private final EngineThread thread;
    private final PauseSwitch pause;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<Subscription> subscriptions = new ArrayList<>();

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private final AtomicLong pagesLost = new AtomicLong();
    private volatile String catchUpId;
    /** The version the next page of the running catch-up must follow: the request's, then each page's cursor. */
    private long catchUpFollows;
    private long catchUpStartedMillis;
    /** When the running catch-up last heard from the cloud: a large one is not asked again while pages come. */
    private long catchUpHeardMillis;
    private volatile String lastError;
    /** Whether the next request is a full resync; stays set until one completes. */
    private boolean resyncWanted;
    /** Every item the running full resync heard of, from its pages or the live streams; null when none runs. */
    private Set<ItemRef> heardDuringResync;
    private volatile SyncProgress progress;

    DownstreamSync(EngineSettings settings, Inbound inbound, Transport transport, EngineClock clock,
            DownstreamPolicy policy, LocalInventory inventory, EngineThread thread, PauseSwitch pause) {
        this.settings = settings;
        this.inbound = inbound;
        this.transport = transport;
        this.clock = clock;
        this.policy = policy;
        this.inventory = inventory;
        this.thread = thread;
        this.pause = pause;
    }

    void start() {
        transport.addConnectionListener(this);
        long stallLimit = Math.max(settings.ackTimeoutMillis() * 6, 10_000);
        thread.every(stallLimit / 2, stallLimit / 2, () -> retryStalledCatchUp(stallLimit), this::recordError);
        String device = settings.deviceId();
        // Acknowledged to the broker once applied: a large catch-up waits at the broker, not in the heap.
        subscriptions.add(transport.subscribeWithBackpressure(settings.topics().downChanges(device),
                message -> thread.executeThenComplete(() -> onLive(DEVICE_CURSOR, message), this::recordError)));
        subscriptions.add(transport.subscribeWithBackpressure(settings.topics().allDownChanges(),
                message -> thread.executeThenComplete(() -> onLive(SHARED_CURSOR, message), this::recordError)));
        subscriptions.add(transport.subscribeWithBackpressure(catchUpReplyTopic(),
                message -> thread.executeThenComplete(() -> onCatchUpPage(message), this::recordError)));
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
        runOnScheduler(this::giveUp);
    }

    void requestCatchUp() {
        runOnScheduler(this::catchUp);
    }

    void requestFullResync() {
        runOnScheduler(this::fullResync);
    }

    /** Asks for the whole scope; the cursors stay until it completes. */
    private void fullResync() {
        resyncWanted = true;
        catchUp();
    }

    /**
     * Asks for everything since the cursors, or for the whole scope while a full resync is wanted; on
     * every (re)connect and when a stream shows a gap.
     */
    void catchUp() {
        if (pause.isPaused()) {
            return;
        }
        long since = Math.min(cursor(DEVICE_CURSOR), cursor(SHARED_CURSOR));
        SyncRequest request = resyncWanted ? SyncRequest.fullResync()
                : SyncRequest.catchUp(cursor(DEVICE_CURSOR), cursor(SHARED_CURSOR));
        catchUpId = UUID.randomUUID().toString();
        catchUpFollows = resyncWanted ? 0 : since;
        catchUpStartedMillis = clock.wall().getAsLong();
        catchUpHeardMillis = catchUpStartedMillis;
        catchUps.incrementAndGet();
        heardDuringResync = resyncWanted ? new HashSet<>() : null;
        progress = new SyncProgress(resyncWanted ? SyncProgress.Kind.FULL_RESYNC : SyncProgress.Kind.CATCH_UP, true,
                catchUpStartedMillis, 0, 0, 0, -1);
        String id = catchUpId;
        PublishOptions options = PublishOptions.NONE.withContentType(Transport.JSON_CONTENT_TYPE)
                .withResponse(catchUpReplyTopic(), id.getBytes(StandardCharsets.UTF_8));
        try {
            transport.publish(settings.topics().upSync(settings.deviceId()), codec.encode(request), options)
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            runOnScheduler(() -> {
                                if (id.equals(catchUpId)) {
                                    catchUpFailed("catch-up request failed: " + failure.getMessage());
                                }
                            });
                        }
                    });
            if (resyncWanted) {
                LOG.log(Level.INFO, "full resync requested (cursor {0})", since);
            } else {
                LOG.log(Level.INFO, "catch-up requested since version {0}", since);
            }
        } catch (RuntimeException e) {
            catchUpFailed("catch-up request failed: " + e.getMessage());
        }
    }

    /** Asks again when a catch-up heard nothing from the cloud within the time limit (lost reply, cloud restart). */
    private void retryStalledCatchUp(long limitMillis) {
        if (catchUpId != null && transport.isConnected()
                && clock.wall().getAsLong() - catchUpHeardMillis > limitMillis) {
            LOG.log(Level.WARNING, "catch-up {0} got no page for {1} ms; asking again", catchUpId, limitMillis);
            catchUp();
        }
    }

    long applied() {
        return applied.get();
    }

    long refused() {
        return refused.get();
    }

    /** Catch-up answers abandoned because a page did not come (asked again). */
    long pagesLost() {
        return pagesLost.get();
    }

    String lastError() {
        return lastError;
    }

    boolean catchingUp() {
        return catchUpId != null;
    }

    /** The running or last catch-up or full resync, {@code null} if none was asked for yet. */
    SyncProgress progress() {
        return progress;
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
            giveUp();
            return;
        }
        String correlation = message.correlationData() == null ? null
                : new String(message.correlationData(), StandardCharsets.UTF_8);
        if (catchUpId == null || !catchUpId.equals(correlation)) {
            LOG.log(Level.DEBUG, "catch-up page of an earlier request ignored");
            return;
        }
        catchUpHeardMillis = clock.wall().getAsLong();
        Optional<DownChanges> decoded = decode(message);
        if (decoded.isEmpty()) {
            return;
        }
        DownChanges page = decoded.get();
        if (!page.resyncRequired() && previousOf(page) != catchUpFollows) {
            // A broker may drop messages (mosquitto when a client's queue is full): applied without the
            // lost page, the last page's cursor would skip its changes for good.
            LOG.log(Level.WARNING, "catch-up page follows version {0} but the last page ended at {1}: a page was lost;"
                    + " asking again", previousOf(page), catchUpFollows);
            pagesLost.incrementAndGet();
            catchUp();
            return;
        }
        if (page.cursor() != null) {
            catchUpFollows = page.cursor();
        }
        if (page.resyncRequired()) {
            if (heardDuringResync != null) {
                catchUpFailed("the cloud answered a full resync with 'resync required'");
            } else {
                LOG.log(Level.INFO, "the cloud no longer has every delete since version {0}: full resync", page.cursor());
                fullResync();
            }
            return;
        }
        Map<String, String> state = new HashMap<>();
        boolean last = !Boolean.TRUE.equals(page.more());
        if (last && page.cursor() != null) {
            for (String stream : List.of(DEVICE_CURSOR, SHARED_CURSOR)) {
                if (page.cursor() > cursor(stream)) {
                    state.put(stream, Long.toString(page.cursor()));
                }
            }
        }
        List<CloudChange> removals = last && heardDuringResync != null ? removals(page) : List.of();
        ApplyResult result = apply(page, removals, state);
        recordPage(page, last);
        if (last) {
            if (heardDuringResync != null) {
                long removed = removals.stream().filter(removal -> result.applied().contains(removal.ref())).count();
                LOG.log(Level.INFO, "full resync done at version {0}: {1} local item(s) the cloud no longer has removed,"
                        + " {2} kept for their unacknowledged local work", page.cursor(), removed,
                        removals.stream().filter(removal -> result.pendingLocal().contains(removal.ref())).count());
                resyncWanted = false;
                heardDuringResync = null;
            } else {
                LOG.log(Level.INFO, "caught up to version {0}", page.cursor());
            }
            catchUpId = null;
        }
    }

    /**
     * Deletes, as of the last page's version, of the local items in scope that nothing of the resync
     * named. The store skips those with unacknowledged local work, and those it got a newer version of.
     */
    private List<CloudChange> removals(DownChanges lastPage) {
        lastPage.changes().forEach(change -> heardDuringResync.add(new ItemRef(change.model(), change.key())));
        String hlc = clock.hlc().last().toString();
        List<CloudChange> removals = new ArrayList<>();
        for (ItemRef item : inventory.itemsInScope()) {
            if (!heardDuringResync.contains(item)) {
                removals.add(new CloudChange(item.model(), item.key(), Op.DELETE, null, lastPage.cursor(), RESYNC_ORIGIN, hlc));
            }
        }
        return removals;
    }

    private void recordPage(DownChanges page, boolean last) {
        SyncProgress before = progress;
        if (before == null) {
            return;
        }
        long now = clock.wall().getAsLong();
        long left = last ? 0 : page.remaining() == null ? -1 : page.remaining();
        progress = new SyncProgress(before.kind(), !last, before.startedAtEpochMillis(), last ? now : 0,
                before.pagesDone() + 1, before.itemsDone() + page.changes().size(), left);
    }

    /** Forgets the running request (lost connection, pause, failure); the next connect or retry asks again. */
    private void giveUp() {
        catchUpId = null;
        heardDuringResync = null;
        SyncProgress before = progress;
        if (before != null && before.running()) {
            progress = new SyncProgress(before.kind(), false, before.startedAtEpochMillis(), 0, before.pagesDone(),
                    before.itemsDone(), before.itemsLeft());
        }
    }

    private void apply(DownChanges message, Map<String, String> state) {
        apply(message, List.of(), state);
    }

    private ApplyResult apply(DownChanges message, List<CloudChange> removals, Map<String, String> state) {
        List<CloudChange> accepted = new ArrayList<>();
        for (DownChange change : message.changes()) {
            if (heardDuringResync != null) {
                heardDuringResync.add(new ItemRef(change.model(), change.key()));
            }
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
        accepted.addAll(removals);
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
        return result;
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
        giveUp();
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
