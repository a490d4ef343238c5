package dev.tether.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

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

import dev.tether.cloud.feed.DownPublisher;
import dev.tether.cloud.ingest.BatchIngest;
import dev.tether.cloud.ingest.IngestCounters;
import dev.tether.cloud.ingest.OutgoingAck;
import dev.tether.cloud.sync.CatchUpResponder;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;
import dev.tether.transport.NoDelaySocketFactory;

/**
 * The service's MQTT v5 connection: a persistent session (clean start off, session expiry) that
 * subscribes to the shared up-changes filter on every (re)connect and hands each message, in
 * arrival order, to one ingest thread. That thread applies the batch, publishes the ack and only
 * then acknowledges the message to the broker (manual acks), so a batch the service did not finish
 * is redelivered by the broker rather than lost in between.
 *
 * <p>Every connection has a Paho client of its own, made and replaced on one connection thread.
 * Paho names a topic it published to before by its topic alias alone and would resend an
 * unacknowledged message that way on the next connection, where the alias means nothing: the broker
 * answers with a protocol error, on every reconnect. A fresh client resends nothing; an ack or a
 * down message cut off by the outage is not lost either (the device retransmits its batch and gets a
 * duplicate's ack; the change feed and catch-up send again whatever was not confirmed).
 */
public final class MqttIngestClient implements DownPublisher, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttIngestClient.class.getName());
    private static final int QOS_AT_LEAST_ONCE = 1;
    /** Also bounds the batches waiting for the ingest thread: the broker sends no more unacknowledged ones. */
    private static final int RECEIVE_MAXIMUM = 100;
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int MAX_RETRY_DELAY_SECONDS = 5;
    /** Past this without a connection the service starts a reconnect itself, whatever Paho's cycle is doing. */
    private static final long STALLED_RECONNECT_MILLIS = 15_000;
    private static final long ACK_PUBLISH_TIMEOUT_MILLIS = 10_000;
    private static final long SHUTDOWN_WAIT_MILLIS = 5_000;

    private final MqttSettings settings;
    private final BatchIngest ingest;
    private final IngestCounters counters;
    /** The current connection's client; replaced only on the connection thread. */
    private volatile MqttAsyncClient client;
    private final ExecutorService ingestThread;
    private final ExecutorService catchUpThread;
    private volatile CatchUpResponder catchUp;
    /** The connection thread: connects, reconnects and replaces the client. */
    private final ScheduledExecutorService connectRetries;
    // Confined to the connection thread.
    private ScheduledFuture<?> nextAttempt;
    private int retryDelaySeconds = 1;
    private long attemptStartedMillis;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile boolean closed;
    /** When the connection was lost, 0 while connected or before the first connection. */
    private volatile long disconnectedAtMillis;

    public MqttIngestClient(MqttSettings settings, BatchIngest ingest, IngestCounters counters) throws MqttException {
        this.settings = settings;
        this.ingest = ingest;
        this.counters = counters;
        this.client = newClient(); // here, so that a bad server URI fails construction
        this.ingestThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "tether-cloud-ingest"));
        this.catchUpThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "tether-cloud-catch-up"));
        this.connectRetries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tether-cloud-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Who answers catch-up requests; set before {@link #start()}. Without one, requests are not subscribed to. */
    public void answerCatchUpWith(CatchUpResponder responder) {
        this.catchUp = responder;
    }

    /** Starts connecting and keeps the connection up, retrying with backoff, until {@link #close()}. */
    public void start() {
        MqttAsyncClient first = client;
        onConnectionThread(() -> connect(first));
        connectRetries.scheduleWithFixedDelay(this::reconnectIfStalled, STALLED_RECONNECT_MILLIS, STALLED_RECONNECT_MILLIS / 3,
                TimeUnit.MILLISECONDS);
    }

    /**
     * A connect has been seen to hang for a minute and more after the broker restarted while this
     * process was stopped; a service that cannot ingest must not wait on that: the attempt is
     * abandoned and a fresh one started.
     */
    private void reconnectIfStalled() {
        long since = Math.max(disconnectedAtMillis, attemptStartedMillis);
        boolean attemptScheduled = nextAttempt != null && !nextAttempt.isDone();
        if (closed || isConnected() || attemptScheduled || System.currentTimeMillis() - since < STALLED_RECONNECT_MILLIS) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Not connected to {0} for {1} s; abandoning the attempt and connecting afresh",
                settings.serverUri(), (System.currentTimeMillis() - since) / 1000);
        connectWithFreshClient();
    }

    /** Waits until the first subscription is in place; false if that did not happen in time. */
    public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        return firstSubscription.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient fresh = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(fresh));
        return fresh;
    }

    /** Connection thread: the previous client is dropped with whatever it still had in flight. */
    private void connectWithFreshClient() {
        if (closed) {
            return;
        }
        MqttAsyncClient previous = client;
        try {
            client = newClient();
        } catch (MqttException e) {
            retryConnect(e); // cannot happen with a URI that worked before; keep trying all the same
            return;
        }
        discard(previous);
        connect(client);
    }

    public String serverUri() {
        return settings.serverUri();
    }

    /** Connection thread. */
    private void connect(MqttAsyncClient target) {
        if (closed || target != client) {
            return;
        }
        nextAttempt = null;
        attemptStartedMillis = System.currentTimeMillis();
        try {
            target.connect(connectionOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onConnectionThread(() -> connected(target));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    onConnectionThread(() -> {
                        if (target == client) {
                            retryConnect(failure);
                        }
                    });
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    private void connected(MqttAsyncClient target) {
        if (closed || target != client) {
            return;
        }
        retryDelaySeconds = 1;
        disconnectedAtMillis = 0;
        LOG.log(System.Logger.Level.INFO, "Connected to {0} as {1}", settings.serverUri(), settings.clientId());
        subscribe(target);
    }

    /** Connection thread: the next attempt, with a fresh client, after the current backoff delay. */
    private void retryConnect(Throwable failure) {
        if (closed) {
            return;
        }
        int delaySeconds = retryDelaySeconds;
        retryDelaySeconds = Math.min(delaySeconds * 2, MAX_RETRY_DELAY_SECONDS);
        LOG.log(System.Logger.Level.WARNING, "Cannot connect to {0}: {1}; retrying in {2} s", settings.serverUri(),
                failure.getMessage(), delaySeconds);
        scheduleFreshConnect(delaySeconds);
    }

    private void scheduleFreshConnect(int delaySeconds) {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
        }
        try {
            nextAttempt = connectRetries.schedule(this::connectWithFreshClient, delaySeconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing: no more connection attempts");
        }
    }

    private void onConnectionThread(Runnable task) {
        try {
            connectRetries.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing: connection task dropped");
        }
    }

    /** Releases a client of a lost or abandoned connection, with its threads and socket. */
    private static void discard(MqttAsyncClient old) {
        try {
            old.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Dropping the previous connection: {0}", e.getMessage());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the previous client: {0}", e.getMessage());
        }
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpirySeconds());
        options.setAutomaticReconnect(false); // reconnects use a fresh client: see the class comment
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        options.setSocketFactory(socketFactory(settings.serverUri()));
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(password -> options.setPassword(password.getBytes(StandardCharsets.UTF_8)));
        return options;
    }

    /** Every socket gets TCP_NODELAY: without it, messages over ~8 KB stall ~40 ms per hop. */
    private static SocketFactory socketFactory(String serverUri) {
        String scheme = serverUri.substring(0, Math.max(serverUri.indexOf(':'), 0)).toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("wss");
        return NoDelaySocketFactory.wrap(tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault());
    }

    /** The shared filter for catch-up requests, like {@link Topics#sharedUpChangesFilter()} for batches. */
    private String sharedUpSyncFilter() {
        return "$share/" + Topics.SHARED_GROUP + "/" + settings.topics().prefix() + "/+/up/sync";
    }

    private void subscribe(MqttAsyncClient target) {
        if (catchUp != null) {
            subscribe(target, sharedUpSyncFilter(), null);
        }
        subscribe(target, settings.topics().sharedUpChangesFilter(), firstSubscription);
    }

    private void subscribe(MqttAsyncClient target, String filter, CountDownLatch done) {
        try {
            target.subscribe(filter, QOS_AT_LEAST_ONCE, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] reasonCodes = token.getReasonCodes();
                    if (reasonCodes != null && reasonCodes.length > 0 && reasonCodes[0] >= 0x80) {
                        LOG.log(System.Logger.Level.ERROR, "The broker refused the subscription to {0}: reason code 0x{1}",
                                filter, Integer.toHexString(reasonCodes[0]));
                        return;
                    }
                    LOG.log(System.Logger.Level.INFO, "Subscribed to {0}", filter);
                    if (done != null) {
                        done.countDown();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.log(System.Logger.Level.ERROR, "Subscription to " + filter + " failed", failure);
                }
            });
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.ERROR, "Subscription to " + filter + " failed", e);
        }
    }

    private void process(MqttAsyncClient receiver, String topic, byte[] payload, int messageId, int qos) {
        try {
            ingest.handle(topic, payload).ifPresent(this::publish);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected failure handling a message on " + topic, e);
        } finally {
            acknowledgeDelivery(receiver, messageId, qos);
        }
    }

    private void publish(OutgoingAck ack) {
        MqttMessage message = new MqttMessage(ack.payload());
        message.setQos(QOS_AT_LEAST_ONCE);
        MqttProperties properties = new MqttProperties();
        properties.setMessageExpiryInterval(settings.ackExpirySeconds());
        properties.setContentType(ProtocolCodec.CONTENT_TYPE);
        properties.setPayloadFormat(true);
        message.setProperties(properties);
        try {
            // Waiting here (never on Paho's callback thread) keeps one ack in flight and the order of acks.
            client.publish(ack.topic(), message).waitForCompletion(ACK_PUBLISH_TIMEOUT_MILLIS);
        } catch (MqttException e) {
            counters.ackFailure();
            LOG.log(System.Logger.Level.WARNING, "Ack of batch {0} to device {1} not published ({2}); the device will "
                    + "retransmit and get duplicates", ack.batch(), ack.device(), e.getMessage());
        }
    }

    @Override
    public void publish(String topic, byte[] payload, byte[] correlationData) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(QOS_AT_LEAST_ONCE);
        MqttProperties properties = new MqttProperties();
        properties.setContentType(ProtocolCodec.CONTENT_TYPE);
        properties.setPayloadFormat(true);
        if (correlationData != null) {
            properties.setCorrelationData(correlationData);
        }
        message.setProperties(properties);
        client.publish(topic, message).waitForCompletion(ACK_PUBLISH_TIMEOUT_MILLIS);
    }

    /**
     * Only on the connection the message came by: a packet identifier means nothing on another one.
     * A message of a lost connection is redelivered by the broker and settled as a duplicate.
     */
    private void acknowledgeDelivery(MqttAsyncClient receiver, int messageId, int qos) {
        if (qos == 0) {
            return;
        }
        if (receiver != client) {
            LOG.log(System.Logger.Level.DEBUG, "Message {0} came by a connection since lost; the broker will redeliver it",
                    messageId);
            return;
        }
        try {
            receiver.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, "Delivery of message {0} not acknowledged ({1}); the broker will redeliver it",
                    messageId, e.getMessage());
        }
    }

    /** Finishes the batches already received (their acks still go out), then disconnects. */
    @Override
    public void close() {
        closed = true;
        connectRetries.shutdownNow(); // queued attempts are dropped; one under way finishes first
        catchUpThread.shutdownNow();
        ingestThread.shutdown();
        try {
            if (!ingestThread.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Ingest thread still busy after {0} ms; stopping it", SHUTDOWN_WAIT_MILLIS);
                ingestThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ingestThread.shutdownNow();
        }
        try {
            if (!connectRetries.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Connection thread still busy after {0} ms", SHUTDOWN_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient last = client;
        try {
            if (last.isConnected()) {
                last.disconnect(SHUTDOWN_WAIT_MILLIS).waitForCompletion(SHUTDOWN_WAIT_MILLIS);
            }
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.WARNING, "Clean MQTT disconnect failed: {0}", e.getMessage());
            try {
                last.disconnectForcibly(0, SHUTDOWN_WAIT_MILLIS, false);
            } catch (MqttException ignored) {
                // the connection is gone either way
            }
        }
        try {
            last.close(true);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the MQTT client failed: {0}", e.getMessage());
        }
    }

    /** Paho's callback for one client; a replaced client's loss is not news. */
    private final class Callback implements MqttCallback {

        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // subscribed from the connect's action listener, on the connection thread
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Paho's callback thread must not block on the store; order is kept by the single ingest thread.
            byte[] payload = message.getPayload();
            int messageId = message.getId();
            int qos = message.getQos();
            CatchUpResponder responder = catchUp;
            if (responder != null && topic.endsWith("/up/sync")) {
                MqttProperties properties = message.getProperties();
                String responseTopic = properties == null ? null : properties.getResponseTopic();
                byte[] correlation = properties == null ? null : properties.getCorrelationData();
                try {
                    catchUpThread.execute(() -> {
                        try {
                            responder.handle(topic, payload, responseTopic, correlation);
                        } finally {
                            acknowledgeDelivery(owner, messageId, qos);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing: catch-up request on {0} left to the broker", topic);
                }
                return;
            }
            try {
                ingestThread.execute(() -> process(owner, topic, payload, messageId, qos));
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing: message on {0} left to the broker for redelivery", topic);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closed || owner != client) {
                return;
            }
            disconnectedAtMillis = System.currentTimeMillis();
            LOG.log(System.Logger.Level.WARNING, "Disconnected from {0}: {1}; reconnecting", settings.serverUri(),
                    response.getReasonString() != null ? response.getReasonString() : String.valueOf(response.getException()));
            onConnectionThread(() -> {
                if (owner == client) {
                    scheduleFreshConnect(retryDelaySeconds);
                    retryDelaySeconds = Math.min(retryDelaySeconds * 2, MAX_RETRY_DELAY_SECONDS);
                }
            });
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(System.Logger.Level.WARNING, "MQTT error: {0}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acks are awaited where they are published
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
