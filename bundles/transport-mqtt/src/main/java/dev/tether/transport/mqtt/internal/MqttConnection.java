package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.SocketFactory;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import dev.tether.transport.BrokerRefusalException;
import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.MessageTooLargeException;
import dev.tether.transport.NoDelaySocketFactory;
import dev.tether.transport.NotConnectedException;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportException;
import dev.tether.transport.TransportStatus;

/**
 * The MQTT v5 transport itself, on a Paho {@link MqttAsyncClient}; usable without OSGi.
 *
 * <p>Connection state is confined to one worker thread: Paho's callbacks, subscribe calls and
 * timers all hand their work to it, so connect, resubscribe, listener notification and reconnect
 * never race each other. Publishing goes straight to Paho from the caller's thread. The worker is
 * idle (parked) except for those short tasks.
 *
 * <p>Handlers and publish futures are completed on Paho's callback thread: they must not block on
 * another publish of this connection.
 */
public final class MqttConnection implements Transport, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttConnection.class.getName());
    private static final int FIRST_REFUSAL_CODE = 0x80;
    private static final long DISCONNECT_QUIESCE_MILLIS = 1_000;
    private static final long DISCONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long CLOSE_TIMEOUT_MILLIS = DISCONNECT_QUIESCE_MILLIS + DISCONNECT_TIMEOUT_MILLIS + 2_000;
    /**
     * Messages the broker may send us before we acknowledged them. Acknowledged once handled, this
     * bounds what a slow consumer holds in memory: 16 messages of at most a packet each (the engine's
     * pages are at most 128 KB).
     */
    static final int RECEIVE_WINDOW = 16;

    private final Consumer<Socket> socketObserver;
    private final ScheduledExecutorService worker;
    private final Subscriptions subscriptions = new Subscriptions();
    private final StatusCounters status = new StatusCounters();
    private final PendingRequests requests = new PendingRequests();
    /** Response topics of {@link #request}, each done once the broker answered its SUBSCRIBE; kept until close. */
    private final Map<String, CompletableFuture<Void>> responseTopics = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile MqttSettings settings;
    /** Set with {@link #settings}: TCP_NODELAY sockets, with the TLS trust and identity of the settings. */
    private volatile SocketFactory sockets;
    private volatile TopicMount mount;
    /** Replaced only on the worker; read anywhere. */
    private volatile MqttAsyncClient client;

    // Worker-confined state.
    private Backoff backoff;
    private ScheduledFuture<?> nextAttempt;
    private int failedAttempts;
    private long connectedAtNanos;
    private volatile boolean announcedConnected;
    /** Filters closed while offline: the broker session still holds them until we unsubscribe. */
    private final Set<String> staleFilters = new HashSet<>();

    /** @throws IllegalArgumentException when the TLS files of the settings cannot be used */
    public MqttConnection(MqttSettings settings) {
        this(settings, socket -> { });
    }

    /** @param socketObserver told about every socket made, e.g. for tests to inspect it */
    MqttConnection(MqttSettings settings, Consumer<Socket> socketObserver) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.socketObserver = Objects.requireNonNull(socketObserver, "socketObserver");
        this.sockets = socketFactory(settings);
        this.mount = new TopicMount(settings.topicPrefix());
        this.backoff = newBackoff(settings);
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tether-mqtt " + settings.clientId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting in the background; returns at once. Retries until it succeeds or is closed. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        MqttAsyncClient fresh;
        try {
            fresh = newClient(settings);
        } catch (IllegalArgumentException e) {
            close(); // do not leave the worker thread behind
            throw e;
        }
        onWorker(() -> {
            if (closed.get()) {
                discard(fresh);
                return;
            }
            client = fresh;
            LOG.log(Level.INFO, "MQTT transport starting: {0}", settings);
            warnIfUnencrypted(settings);
            attemptConnect();
        });
    }

    /** Switches to new settings: disconnects and connects again, keeping subscriptions and listeners. */
    public void reconfigure(MqttSettings next) {
        Objects.requireNonNull(next, "settings");
        if (next.equals(settings)) {
            return;
        }
        SocketFactory nextSockets = socketFactory(next);
        MqttAsyncClient fresh = started.get() ? newClient(next) : null;
        onWorker(() -> {
            if (closed.get()) {
                discard(fresh);
                return;
            }
            LOG.log(Level.INFO, "MQTT transport reconfigured: {0}", next);
            cancelNextAttempt();
            MqttAsyncClient old = client;
            settings = next;
            sockets = nextSockets;
            mount = new TopicMount(next.topicPrefix());
            status.connecting();
            warnIfUnencrypted(next);
            backoff = newBackoff(next);
            failedAttempts = 0;
            client = fresh;
            discard(old);
            announceDisconnected(null);
            failInFlight("the transport was reconfigured");
            if (fresh != null) {
                attemptConnect();
            }
        });
    }

    /** Disconnects (keeping the broker session) and stops the worker. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Future<?> shutdown = worker.submit(() -> {
            cancelNextAttempt();
            discard(client);
            announceDisconnected(null);
            failInFlight("the transport was closed");
            requests.failAll(new TransportException("the transport was closed before the response came"));
            status.closed();
        });
        try {
            shutdown.get(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "MQTT transport did not close cleanly", e);
        }
        worker.shutdownNow();
        LOG.log(Level.INFO, "MQTT transport closed ({0})", settings.brokerUri());
    }

    /**
     * Connected and ready: the broker's limits are recorded and the subscriptions restored, so that
     * nothing is sized or sent on a connection the transport has not finished setting up.
     */
    @Override
    public boolean isConnected() {
        MqttAsyncClient current = client;
        return !closed.get() && current != null && current.isConnected() && announcedConnected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties) {
        return publish(topic, payload, PublishOptions.NONE.withUserProperties(userProperties));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, PublishOptions options) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
        MqttAsyncClient current = client;
        if (closed.get() || current == null || !current.isConnected()) {
            return CompletableFuture.failedFuture(
                    new NotConnectedException("not connected to " + settings.brokerUri()));
        }
        int maxPayload = maxPayloadSize(topic, options);
        if (payload.length > maxPayload) {
            return CompletableFuture.failedFuture(new MessageTooLargeException("a message of " + payload.length
                    + " bytes to " + topic + " exceeds what the broker accepts (" + maxPayload + " bytes of payload)"));
        }
        int limit = settings.maxInflight();
        if (inFlight.size() >= limit) {
            return CompletableFuture.failedFuture(
                    new TransportException("too many publishes waiting for the broker (" + limit + ")"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((ignored, failure) -> inFlight.remove(result));
        try {
            MqttMessage message = Messages.outbound(payload, options);
            current.publish(mount.topic(topic), message, null, new PublishOutcome(topic, payload.length, result));
        } catch (MqttException e) {
            result.completeExceptionally(transportException("publish to " + topic + " failed", e));
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new TransportException("cannot publish to " + topic + ": " + e.getMessage(),
                    -1, e));
        }
        return result;
    }

    @Override
    public CompletableFuture<InboundMessage> request(String topic, byte[] payload, PublishOptions options,
            String responseTopic, Duration timeout) {
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(timeout, "timeout");
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected to " + settings.brokerUri()));
        }
        CompletableFuture<InboundMessage> response = new CompletableFuture<>();
        byte[] correlation = requests.register(response);
        response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Publish only once the broker has the response subscription, or a quick answer would be lost.
        responseTopicReady(responseTopic)
                .thenCompose(ready -> publish(topic, payload, options.withResponse(responseTopic, correlation)))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        response.completeExceptionally(failure);
                    }
                });
        return response;
    }

    private CompletableFuture<Void> responseTopicReady(String responseTopic) {
        return responseTopics.computeIfAbsent(responseTopic, topic -> {
            TopicFilter filter = TopicFilter.parse(topic);
            subscriptions.add(filter, requests::deliver);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            onWorker(() -> {
                MqttAsyncClient current = client;
                if (!closed.get() && current != null && current.isConnected()) {
                    sendSubscribe(current, List.of(filter.value()), () -> ready.complete(null));
                } else {
                    ready.complete(null); // subscribed with the others on the next connect
                }
            });
            return ready;
        });
    }

    @Override
    public int maxPacketSize() {
        return status.maxPacketSize();
    }

    @Override
    public int maxPayloadSize(String topic, PublishOptions options) {
        int packetLimit = status.maxPacketSize();
        if (packetLimit == NO_PACKET_LIMIT) {
            return NO_PACKET_LIMIT;
        }
        return Math.max(0, packetLimit - PacketSize.publishOverhead(mount.topic(topic), options));
    }

    @Override
    public TransportStatus status() {
        return status.snapshot(settings);
    }

    @Override
    public Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler) {
        TopicFilter filter = TopicFilter.parse(topicFilter);
        Objects.requireNonNull(handler, "handler");
        return subscribed(filter, subscriptions.add(filter, handler));
    }

    /**
     * The broker gets the PUBACK of a message once the handler's stage completes (manual acks), and
     * sends at most {@value #RECEIVE_WINDOW} messages not yet acknowledged (our Receive Maximum).
     */
    @Override
    public Subscription subscribeWithBackpressure(String topicFilter,
            Function<InboundMessage, ? extends CompletionStage<?>> handler) {
        TopicFilter filter = TopicFilter.parse(topicFilter);
        Objects.requireNonNull(handler, "handler");
        return subscribed(filter, subscriptions.addFinishingLater(filter, handler));
    }

    private Subscription subscribed(TopicFilter filter, Subscriptions.Registration registration) {
        onWorker(() -> {
            staleFilters.remove(filter.value());
            MqttAsyncClient current = client;
            if (!closed.get() && current != null && current.isConnected()) {
                sendSubscribe(current, List.of(filter.value()), null);
            }
        });
        return new SubscriptionHandle(registration);
    }

    /** A listener added while connected is told {@code connected()} at once, on the worker thread. */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        onWorker(() -> {
            if (listeners.contains(listener)) {
                return;
            }
            listeners.add(listener);
            if (announcedConnected) {
                tell(listener, ConnectionListener::connected);
            }
        });
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
        onWorker(() -> listeners.remove(listener)); // in case an add is still queued
    }

    // ---- connecting (worker thread) ----

    private void attemptConnect() {
        nextAttempt = null;
        MqttAsyncClient current = client;
        if (closed.get() || current == null) {
            return;
        }
        try {
            current.connect(connectOptions(settings), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties granted = token.getResponseProperties();
                    Long limit = granted == null ? null : granted.getMaximumPacketSize();
                    int maxPacket = limit == null || limit > NO_PACKET_LIMIT ? NO_PACKET_LIMIT : limit.intValue();
                    onWorker(() -> connected(current, maxPacket));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    onWorker(() -> connectFailed(current, failure));
                }
            });
        } catch (MqttException | RuntimeException e) {
            connectFailed(current, e);
        }
    }

    private void connectFailed(MqttAsyncClient failed, Throwable failure) {
        if (failed != client || closed.get()) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        failedAttempts++;
        recordFailure(BrokerRefusalException.Packet.CONNACK, "cannot connect to " + settings.brokerUri(), failure);
        // Offline for days is normal for a gateway: warn once, then keep quiet.
        Level level = failedAttempts == 1 ? Level.WARNING : Level.DEBUG;
        // Numbers as strings: MessageFormat would print 30000 as "30,000".
        LOG.log(level, "cannot connect to {0} (attempt {1}): {2}; next attempt in {3} ms", settings.brokerUri(),
                String.valueOf(failedAttempts), describe(failure), String.valueOf(delay));
        scheduleAttempt(delay);
    }

    private void connected(MqttAsyncClient connected, int maxPacketSize) {
        if (connected != client || closed.get()) {
            return;
        }
        status.connected(maxPacketSize);
        failedAttempts = 0;
        connectedAtNanos = System.nanoTime();
        LOG.log(Level.INFO, "connected to {0} as {1}", settings.brokerUri(), settings.clientId());
        List<String> filters = subscriptions.filters();
        unsubscribeStale(connected, filters);
        if (filters.isEmpty()) {
            announceConnected(connected);
        } else {
            sendSubscribe(connected, filters, () -> announceConnected(connected));
        }
    }

    private void connectionLost(MqttAsyncClient lost, Throwable cause) {
        if (lost != client || closed.get()) {
            return;
        }
        // The backoff starts over only after a connection that held for a while: one dropped at once
        // (a duplicate client id taking the session over, a broker refusing us) must not turn into
        // reconnecting every reconnectMinDelayMillis forever.
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAtNanos);
        if (heldMillis >= settings.reconnectMaxDelayMillis()) {
            backoff.reset();
        }
        long delay = backoff.nextDelayMillis();
        LOG.log(Level.WARNING, "lost connection to {0}: {1}; reconnecting in {2} ms", settings.brokerUri(),
                describe(cause), String.valueOf(delay));
        status.connecting();
        recordFailure(BrokerRefusalException.Packet.DISCONNECT, "lost connection to " + settings.brokerUri(), cause);
        announceDisconnected(cause);
        // Paho names a topic it published to before by its topic alias alone, and resends unacknowledged
        // messages as they were on the next connection, where no alias exists yet: the broker answers
        // every reconnect with a protocol error. So each connection gets a client of its own, and what
        // was in flight fails here; the callers retransmit (the cloud settles copies as duplicates).
        client = newClient(settings);
        discard(lost);
        failInFlight("the connection to " + settings.brokerUri() + " was lost");
        scheduleAttempt(delay);
    }

    private void scheduleAttempt(long delayMillis) {
        cancelNextAttempt();
        try {
            nextAttempt = worker.schedule(this::attemptConnect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void cancelNextAttempt() {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
            nextAttempt = null;
        }
    }

    private MqttConnectionOptions connectOptions(MqttSettings s) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(s.sessionExpirySeconds());
        options.setKeepAliveInterval(s.keepAliveSeconds());
        options.setConnectionTimeout(s.connectTimeoutSeconds());
        // Our own backoff: Paho's works in whole seconds and does not retry a first connect.
        options.setAutomaticReconnect(false);
        // Handlers are found by topic; not every broker supports subscription identifiers.
        options.setUseSubscriptionIdentifiers(false);
        options.setReceiveMaximum(RECEIVE_WINDOW);
        options.setSocketFactory(sockets);
        if (!s.username().isEmpty()) {
            options.setUserName(s.username());
        }
        if (!s.password().isEmpty()) {
            options.setPassword(s.password().getBytes(UTF_8));
        }
        return options;
    }

    // ---- subscriptions (worker thread) ----

    private void sendSubscribe(MqttAsyncClient target, List<String> filters, Runnable then) {
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, Messages.QOS);
        try {
            TopicMount wire = mount;
            String[] mounted = filters.stream().map(wire::filter).toArray(String[]::new);
            target.subscribe(mounted, qos, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    reportRefusedFilters(filters, token.getReasonCodes());
                    runThen();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.log(Level.WARNING, "subscribing to {0} failed: {1}", filters, describe(failure));
                    runThen();
                }

                private void runThen() {
                    if (then != null) {
                        onWorker(then);
                    }
                }
            });
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "subscribing to {0} failed: {1}", filters, describe(e));
            if (then != null) {
                then.run();
            }
        }
    }

    private void reportRefusedFilters(List<String> filters, int[] reasonCodes) {
        if (reasonCodes == null) {
            return;
        }
        for (int i = 0; i < reasonCodes.length && i < filters.size(); i++) {
            if (isRefusal(reasonCodes[i])) {
                String refusal = "broker refused the subscription to " + filters.get(i) + ": SUBACK reason code "
                        + hex(reasonCodes[i]);
                status.refused(refusal);
                LOG.log(Level.ERROR, refusal);
            }
        }
    }

    private void unsubscribeLater(String filter) {
        MqttAsyncClient current = client;
        if (!closed.get() && current != null && current.isConnected()) {
            sendUnsubscribe(current, filter);
        } else {
            staleFilters.add(filter);
        }
    }

    private void unsubscribeStale(MqttAsyncClient target, List<String> activeFilters) {
        staleFilters.removeAll(activeFilters);
        for (String filter : staleFilters) {
            sendUnsubscribe(target, filter);
        }
        staleFilters.clear();
    }

    private void sendUnsubscribe(MqttAsyncClient target, String filter) {
        try {
            target.unsubscribe(mount.filter(filter));
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "unsubscribing from {0} failed: {1}", filter, describe(e));
        }
    }

    // ---- listeners and in-flight publishes (worker thread) ----

    private void announceConnected(MqttAsyncClient connected) {
        if (connected != client || closed.get() || announcedConnected || !connected.isConnected()) {
            return;
        }
        announcedConnected = true;
        listeners.forEach(listener -> tell(listener, ConnectionListener::connected));
    }

    private void announceDisconnected(Throwable cause) {
        if (!announcedConnected) {
            return;
        }
        announcedConnected = false;
        listeners.forEach(listener -> tell(listener, l -> l.disconnected(cause)));
    }

    private static void tell(ConnectionListener listener, Consumer<ConnectionListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "connection listener " + listener + " failed", e);
        }
    }

    private void failInFlight(String why) {
        for (CompletableFuture<Void> pending : List.copyOf(inFlight)) {
            pending.completeExceptionally(new TransportException(why + " before the broker acknowledged"));
        }
    }

    private void recordFailure(BrokerRefusalException.Packet packet, String what, Throwable failure) {
        int code = failure instanceof MqttException mqtt ? mqtt.getReasonCode()
                : failure instanceof TransportException transport ? transport.reasonCode() : -1;
        String description = what + ": " + describe(failure);
        if (isRefusal(code)) {
            status.refused(packet + " " + description);
        } else {
            status.error(description);
        }
    }

    // ---- Paho plumbing ----

    private SocketFactory socketFactory(MqttSettings s) {
        SocketFactory base = s.usesTls() ? TlsSocketFactories.create(s.tls()) : SocketFactory.getDefault();
        return NoDelaySocketFactory.wrap(base, socketObserver);
    }

    private static void warnIfUnencrypted(MqttSettings s) {
        if (!s.usesTls() && !s.brokerIsLoopback()) {
            LOG.log(Level.WARNING, "the connection to {0} is not encrypted: use ssl:// (or wss://) for a broker on"
                    + " another machine{1}", s.brokerUri(), s.password().isEmpty() ? "" : "; the password travels in clear");
        }
    }

    private MqttAsyncClient newClient(MqttSettings s) {
        try {
            MqttAsyncClient fresh = new MqttAsyncClient(s.brokerUri(), s.clientId(), new MemoryPersistence());
            fresh.setManualAcks(true);
            fresh.setCallback(new Callback(fresh));
            return fresh;
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + s.brokerUri() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Disconnects (the broker keeps the session) and releases the client's threads and sockets. */
    private static void discard(MqttAsyncClient old) {
        if (old == null) {
            return;
        }
        boolean clean = false;
        try {
            if (old.isConnected()) {
                old.disconnect(DISCONNECT_QUIESCE_MILLIS).waitForCompletion(DISCONNECT_TIMEOUT_MILLIS);
                clean = true;
            }
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "clean disconnect failed: {0}", describe(e));
        }
        try {
            if (!clean) {
                old.disconnectForcibly(0, DISCONNECT_TIMEOUT_MILLIS, false);
            }
            old.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "closing the MQTT client failed: {0}", describe(e));
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing left to do
        }
    }

    private static TransportException transportException(String what, Throwable failure) {
        int brokerCode = -1;
        if (failure instanceof MqttException mqtt && isRefusal(mqtt.getReasonCode())) {
            brokerCode = mqtt.getReasonCode();
        }
        return new TransportException(what + ": " + describe(failure), brokerCode, failure);
    }

    /** MQTT v5 failure reason codes are 0x80-0xFF; Paho's own codes are 0 (wrapped cause) or above 0xFF. */
    private static boolean isRefusal(int reasonCode) {
        return reasonCode >= FIRST_REFUSAL_CODE && reasonCode <= 0xFF;
    }

    /** A one-line account of a failure and its causes, each said once. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no cause given";
        }
        Throwable cause = failure.getCause() == failure ? null : failure.getCause();
        if (failure instanceof MqttException mqtt && mqtt.getReasonCode() == 0 && cause != null) {
            return describe(cause); // Paho's wrapper for any other exception says nothing of its own
        }
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof MqttException mqtt) {
            text += " (reason code " + hex(mqtt.getReasonCode()) + ")";
        }
        if (cause != null) {
            String causeText = describe(cause);
            if (!text.contains(causeText)) {
                text += ": " + causeText;
            }
        }
        return text;
    }

    private static String hex(int code) {
        return code >= 0 && code <= 0xFF ? String.format("0x%02X", code) : Integer.toString(code);
    }

    private static Backoff newBackoff(MqttSettings s) {
        return new Backoff(s.reconnectMinDelayMillis(), s.reconnectMaxDelayMillis());
    }

    /** Completes a publish future from its PUBACK. */
    private final class PublishOutcome implements MqttActionListener {
        private final String topic;
        private final int payloadBytes;
        private final CompletableFuture<Void> result;

        PublishOutcome(String topic, int payloadBytes, CompletableFuture<Void> result) {
            this.topic = topic;
            this.payloadBytes = payloadBytes;
            this.result = result;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            // Paho reports a PUBACK with an error reason code as a success: check it here.
            int[] codes = token.getReasonCodes();
            if (codes != null) {
                for (int code : codes) {
                    if (isRefusal(code)) {
                        String refusal = "broker refused the message to " + topic + ": PUBACK reason code " + hex(code);
                        status.refused(refusal);
                        result.completeExceptionally(
                                new BrokerRefusalException(BrokerRefusalException.Packet.PUBACK, code, refusal));
                        return;
                    }
                }
            }
            status.sent(payloadBytes);
            result.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            result.completeExceptionally(transportException("publish to " + topic + " failed", failure));
        }
    }

    /** Paho's callback for one client; stale clients are ignored once replaced. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Throwable cause = response.getException();
            if (cause == null) {
                cause = new BrokerRefusalException(BrokerRefusalException.Packet.DISCONNECT, response.getReturnCode(),
                        "the broker closed the connection: DISCONNECT reason code " + hex(response.getReturnCode())
                        + (response.getReasonString() == null ? "" : " (" + response.getReasonString() + ")"));
            }
            Throwable reported = cause;
            onWorker(() -> connectionLost(owner, reported));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.WARNING, "MQTT error: {0}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Never throws: an exception here would make Paho drop the connection.
            byte[] payload = message.getPayload();
            status.received(payload == null ? 0 : payload.length);
            int id = message.getId();
            int qos = message.getQos();
            subscriptions.deliver(Messages.inbound(mount.unmount(topic), message))
                    .whenComplete((done, failure) -> acknowledge(id, qos));
        }

        /**
         * Only on the connection the message came by: a packet identifier means nothing on another.
         * Unacknowledged there, the message comes again on the next connection of the session.
         */
        private void acknowledge(int id, int qos) {
            if (qos == 0 || owner != client || !owner.isConnected()) {
                return;
            }
            try {
                owner.messageArrivedComplete(id, qos);
            } catch (MqttException | RuntimeException e) {
                LOG.log(Level.DEBUG, "message {0} not acknowledged ({1}); the broker sends it again", String.valueOf(id),
                        describe(e));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish futures complete through PublishOutcome
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // handled by the connect action listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    /** What {@link #subscribe} returns; closing it twice is harmless. */
    private final class SubscriptionHandle implements Subscription {
        private final Subscriptions.Registration registration;
        private final AtomicBoolean open = new AtomicBoolean(true);

        SubscriptionHandle(Subscriptions.Registration registration) {
            this.registration = registration;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false) && subscriptions.remove(registration)) {
                String filter = registration.filter();
                onWorker(() -> {
                    if (!subscriptions.filters().contains(filter)) {
                        unsubscribeLater(filter);
                    }
                });
            }
        }

        @Override
        public String toString() {
            return "Subscription[" + registration.filter() + "]";
        }
    }
}
