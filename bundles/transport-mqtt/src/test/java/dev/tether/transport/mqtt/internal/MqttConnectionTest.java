package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.transport.InboundMessage;
import dev.tether.transport.MessageTooLargeException;
import dev.tether.transport.NotConnectedException;
import dev.tether.transport.TransportStatus;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.TransportException;
import dev.tether.transport.mqtt.testing.Mosquitto;

/** The transport against a real mosquitto broker. */
public class MqttConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int NOT_AUTHORIZED = 0x87;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Mosquitto broker;

    @Before
    public void startBroker() throws Exception {
        // Anonymous clients may use test/# only, so a publish elsewhere is refused with a reason code.
        broker = Mosquitto.start(folder.newFolder("broker").toPath(), List.of("topic readwrite test/#"));
    }

    @After
    public void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void publishAndSubscribeRoundTripWithUserProperties() throws Exception {
        Inbox inbox = new Inbox();
        MqttConnection subscriber = connection("subscriber");
        subscriber.subscribe("test/round/#", inbox);
        startAndAwaitConnected(subscriber);
        MqttConnection publisher = connection("publisher");
        startAndAwaitConnected(publisher);

        publisher.publish("test/round/a", "hello".getBytes(UTF_8), Map.of("tether-schema-version", "3", "encoding", "json"))
                .get(10, TimeUnit.SECONDS);
        publisher.publish("test/round/b", "request".getBytes(UTF_8), PublishOptions.NONE
                .withResponse("test/replies/1", new byte[] {1, 2, 3}).withContentType("application/json")
                .withMessageExpirySeconds(60)).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> inbox.size() == 2);
        InboundMessage first = inbox.messages().get(0);
        assertEquals("test/round/a", first.topic());
        assertEquals("hello", new String(first.payload(), UTF_8));
        assertEquals(Map.of("tether-schema-version", "3", "encoding", "json"), first.userProperties());
        assertNull(first.responseTopic());
        assertNull(first.correlationData());
        InboundMessage second = inbox.messages().get(1);
        assertEquals("test/round/b", second.topic());
        assertEquals("test/replies/1", second.responseTopic());
        assertArrayEquals(new byte[] {1, 2, 3}, second.correlationData());
        assertEquals("application/json", second.contentType());
        assertEquals(Map.of(), second.userProperties());
    }

    @Test
    public void publishWhileDisconnectedFailsAtOnce() {
        broker.stop();
        MqttConnection connection = connection("offline");
        connection.start();

        CompletableFuture<Void> result = connection.publish("test/x", new byte[] {1}, Map.of());

        assertTrue("must not wait for a connection", result.isDone());
        TransportException failure = transportFailure(result);
        assertTrue(failure instanceof NotConnectedException);
        assertEquals(-1, failure.reasonCode());
        assertTrue(failure.getMessage(), failure.getMessage().contains("not connected"));
        assertEquals(TransportStatus.State.CONNECTING, connection.status().state());
    }

    @Test
    public void requestGetsTheResponseMatchedByCorrelationData() throws Exception {
        MqttConnection responder = connection("responder");
        responder.subscribe("test/requests", request -> responder.publish(request.responseTopic(),
                ("re: " + new String(request.payload(), UTF_8)).getBytes(UTF_8),
                PublishOptions.replyTo(request).withMessageExpirySeconds(30)));
        startAndAwaitConnected(responder);
        MqttConnection requester = connection("requester");
        startAndAwaitConnected(requester);

        CompletableFuture<InboundMessage> first = requester.request("test/requests", "one".getBytes(UTF_8),
                PublishOptions.NONE, "test/responses/requester", Duration.ofSeconds(10));
        CompletableFuture<InboundMessage> second = requester.request("test/requests", "two".getBytes(UTF_8),
                PublishOptions.NONE, "test/responses/requester", Duration.ofSeconds(10));

        assertEquals("re: one", new String(first.get(10, TimeUnit.SECONDS).payload(), UTF_8));
        assertEquals("re: two", new String(second.get(10, TimeUnit.SECONDS).payload(), UTF_8));
    }

    @Test
    public void requestNobodyAnswersTimesOut() throws Exception {
        MqttConnection requester = connection("lonely");
        startAndAwaitConnected(requester);

        CompletableFuture<InboundMessage> response = requester.request("test/nobody", new byte[] {1},
                PublishOptions.NONE, "test/responses/lonely", Duration.ofMillis(300));

        ExecutionException failure = org.junit.Assert.assertThrows(ExecutionException.class,
                () -> response.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof java.util.concurrent.TimeoutException);
    }

    @Test
    public void theBrokersMaximumPacketSizeIsReportedAndHonoured() throws Exception {
        Mosquitto small = Mosquitto.startWith(folder.newFolder("small").toPath(), false, List.of(),
                List.of("allow_anonymous true", "max_packet_size 2048"), List.of());
        toClose.add(small);
        MqttConnection connection = new MqttConnection(MqttSettings.of(small.uri(), "small-packets"));
        toClose.add(connection);
        startAndAwaitConnected(connection);

        assertEquals(2048, connection.maxPacketSize());
        int fits = connection.maxPayloadSize("test/big", PublishOptions.NONE);
        assertTrue(fits > 1900 && fits < 2048);
        connection.publish("test/big", new byte[fits], Map.of()).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> tooBig = connection.publish("test/big", new byte[fits + 1], Map.of());

        assertTrue("refused before sending", tooBig.isDone());
        assertTrue(transportFailure(tooBig) instanceof MessageTooLargeException);
        assertTrue("the connection stays", connection.isConnected());
        assertEquals(2048, connection.status().maxPacketSize());
    }

    @Test
    public void aBrokerRestartIsSurvivedAndTheResumedSessionDeliversWhatWasQueued() throws Exception {
        RecordingListener listener = new RecordingListener();
        MqttConnection subscriber = connection("resumer");
        subscriber.subscribe("test/resume", new Inbox());
        subscriber.addConnectionListener(listener);
        subscriber.start();
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);

        broker.stop(); // SIGTERM: mosquitto saves its sessions
        await().atMost(WAIT).until(() -> subscriber.status().state() == TransportStatus.State.CONNECTING);
        broker.start();
        await().atMost(WAIT).until(() -> listener.count("connected") == 2);
        assertEquals(1, subscriber.status().reconnects());
        subscriber.close();

        MqttConnection publisher = connection("queue-filler");
        startAndAwaitConnected(publisher);
        for (int i = 1; i <= 3; i++) {
            publisher.publish("test/resume", ("q" + i).getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        }
        assertEquals(3, publisher.status().messagesOut());
        broker.stop(); // the queued messages go to disk with the session
        broker.start();

        Inbox inbox = new Inbox();
        MqttConnection resumed = connection("resumer");
        resumed.subscribe("test/resume", inbox);
        resumed.start();
        await().atMost(WAIT).until(() -> inbox.size() >= 3);
        assertEquals(List.of("q1", "q2", "q3"), inbox.payloads());
        assertEquals(3, resumed.status().messagesIn());
        assertEquals(6, resumed.status().bytesIn());
    }

    @Test
    public void refusalByTheBrokerCarriesItsReasonCode() throws Exception {
        MqttConnection connection = connection("refused");
        startAndAwaitConnected(connection);

        CompletableFuture<Void> result = connection.publish("forbidden/x", new byte[] {1}, Map.of());

        await().atMost(WAIT).until(result::isDone);
        assertEquals(NOT_AUTHORIZED, transportFailure(result).reasonCode());
        assertTrue("a refusal is not a connection problem", connection.isConnected());
    }

    @Test
    public void publishesBeyondMaxInflightFailAtOnce() throws Exception {
        MqttConnection connection = new MqttConnection(settings("busy").withMaxInflight(2));
        toClose.add(connection);
        startAndAwaitConnected(connection);
        broker.pause(); // no PUBACK comes back while paused
        try {
            CompletableFuture<Void> first = connection.publish("test/busy", new byte[] {1}, Map.of());
            CompletableFuture<Void> second = connection.publish("test/busy", new byte[] {2}, Map.of());
            CompletableFuture<Void> third = connection.publish("test/busy", new byte[] {3}, Map.of());

            assertFalse(first.isDone());
            assertFalse(second.isDone());
            assertTrue(third.isDone());
            assertTrue(transportFailure(third).getMessage().contains("too many"));

            broker.resume();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            broker.resume();
        }
        connection.publish("test/busy", new byte[] {4}, Map.of()).get(10, TimeUnit.SECONDS);
    }

    @Test
    public void reconnectsAfterBrokerCrashAndRestoresSubscription() throws Exception {
        Inbox inbox = new Inbox();
        RecordingListener listener = new RecordingListener();
        MqttConnection connection = connection("survivor");
        connection.subscribe("test/restore", inbox);
        connection.addConnectionListener(listener);
        connection.start();
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);

        // SIGKILL: the broker forgets the session, so the subscription can only come back from us.
        broker.kill();
        await().atMost(WAIT).until(() -> listener.count("disconnected") == 1);
        assertFalse(connection.isConnected());
        broker.start();

        await().atMost(WAIT).until(() -> listener.count("connected") == 2);
        assertEquals(List.of("connected", "disconnected", "connected"), listener.events());
        MqttConnection publisher = connection("restorer");
        startAndAwaitConnected(publisher);
        publisher.publish("test/restore", "after".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> inbox.payloads().contains("after"));
    }

    @Test
    public void aSlowConsumerHoldsMessagesBackAtTheBrokerUntilItFinishesThem() throws Exception {
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> unfinished = new CopyOnWriteArrayList<>();
        MqttConnection consumer = connection("slow-consumer");
        consumer.subscribeWithBackpressure("test/slow", message -> {
            received.add(message);
            CompletableFuture<Void> done = new CompletableFuture<>();
            unfinished.add(done);
            return done;
        });
        startAndAwaitConnected(consumer);
        MqttConnection producer = connection("fast-producer");
        startAndAwaitConnected(producer);
        int total = MqttConnection.RECEIVE_WINDOW * 3;
        for (int i = 0; i < total; i++) {
            producer.publish("test/slow", ("m" + i).getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        }

        await().atMost(WAIT).until(() -> received.size() == MqttConnection.RECEIVE_WINDOW);
        await("no more than the receive window while none is finished").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5)).until(() -> received.size() == MqttConnection.RECEIVE_WINDOW);
        // mosquitto 2.0 may then send more than one message per PUBACK: only the first window is exact
        while (received.size() < total) {
            unfinished.forEach(done -> done.complete(null));
            int before = received.size();
            await().atMost(WAIT).until(() -> received.size() > before || received.size() == total);
        }
        unfinished.forEach(done -> done.complete(null));
        List<String> payloads = received.stream().map(m -> new String(m.payload(), UTF_8)).toList();
        for (int i = 0; i < total; i++) {
            assertEquals("in order, each once", "m" + i, payloads.get(i));
        }
        assertEquals(total, payloads.size());
    }

    @Test
    public void aMessageUnfinishedWhenTheConnectionIsLostComesAgainAndAFinishedOneDoesNot() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttConnection consumer = connection("unfinished-consumer");
        consumer.subscribeWithBackpressure("test/unfinished", message -> {
            String payload = new String(message.payload(), UTF_8);
            received.add(payload);
            return payload.equals("finished") ? CompletableFuture.completedFuture(null) : new CompletableFuture<Void>();
        });
        startAndAwaitConnected(consumer);
        MqttConnection producer = connection("unfinished-producer");
        startAndAwaitConnected(producer);
        producer.publish("test/unfinished", "finished".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        producer.publish("test/unfinished", "unfinished".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> received.size() == 2);

        broker.stop(); // SIGTERM: mosquitto keeps the session and what it still has to deliver
        broker.start();

        await().atMost(WAIT).until(() -> received.size() == 3);
        assertEquals(List.of("finished", "unfinished", "unfinished"), received);
    }

    /**
     * Paho sends a topic it published to before as a topic alias only. Resent as it was on the next
     * connection, where the alias means nothing, such a message made the broker answer every reconnect
     * with DISCONNECT 0x82 (protocol error), for ever.
     */
    @Test
    public void aPublishCutOffByABrokerCrashDoesNotPoisonTheNextConnection() throws Exception {
        Inbox inbox = new Inbox();
        MqttConnection subscriber = connection("alias-subscriber");
        subscriber.subscribe("test/alias", inbox);
        startAndAwaitConnected(subscriber);
        RecordingListener listener = new RecordingListener();
        MqttConnection publisher = connection("alias-publisher");
        publisher.subscribe("test/alias-echo", new Inbox());
        publisher.addConnectionListener(listener);
        publisher.start();
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);
        publisher.publish("test/alias", "first".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        broker.pause();
        CompletableFuture<Void> cutOff = publisher.publish("test/alias", "cut off".getBytes(UTF_8), Map.of());
        broker.kill();
        broker.start();

        try {
            await().atMost(WAIT).until(() -> listener.count("connected") == 2 && subscriber.isConnected());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no reconnect; the broker's log:\n" + broker.log(), e);
        }
        publisher.publish("test/alias", "after".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> inbox.payloads().contains("after"));
        assertEquals("the connection holds", List.of("connected", "disconnected", "connected"), listener.events());
        assertFalse(broker.log(), broker.log().contains("protocol error"));
        assertTrue("what was in flight failed, for the caller to send again", cutOff.isCompletedExceptionally());
    }

    @Test
    public void connectsToBrokerThatStartsLater() throws Exception {
        broker.stop();
        RecordingListener listener = new RecordingListener();
        MqttConnection connection = connection("early");
        connection.addConnectionListener(listener);
        connection.start();
        assertFalse(connection.isConnected());

        broker.start();

        await().atMost(WAIT).until(connection::isConnected);
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);
    }

    @Test
    public void socketHasTcpNoDelay() throws Exception {
        List<Socket> made = new CopyOnWriteArrayList<>();
        MqttConnection connection = connection("nodelay", made::add);
        startAndAwaitConnected(connection);

        assertEquals(1, made.size());
        Socket socket = made.get(0);
        assertTrue(socket.isConnected());
        assertTrue("TCP_NODELAY must be on", socket.getTcpNoDelay());
    }

    @Test
    public void persistentSessionDeliversWhatWasPublishedWhileOffline() throws Exception {
        MqttConnection before = connection("durable");
        before.subscribe("test/queued", new Inbox());
        startAndAwaitConnected(before);
        before.close(); // a clean disconnect: the broker keeps the session, it does not expire for a week

        MqttConnection publisher = connection("offline-writer");
        startAndAwaitConnected(publisher);
        for (int i = 1; i <= 3; i++) {
            publisher.publish("test/queued", ("m" + i).getBytes(UTF_8), Map.of("n", Integer.toString(i)))
                    .get(10, TimeUnit.SECONDS);
        }

        Inbox inbox = new Inbox();
        MqttConnection after = connection("durable");
        after.subscribe("test/queued", inbox);
        after.start();

        await().atMost(WAIT).until(() -> inbox.size() >= 3);
        assertEquals(List.of("m1", "m2", "m3"), inbox.payloads());
        assertEquals(Map.of("n", "1"), inbox.messages().get(0).userProperties());
    }

    @Test
    public void handlerThatThrowsDoesNotStopDelivery() throws Exception {
        Inbox inbox = new Inbox();
        MqttConnection subscriber = connection("sturdy");
        subscriber.subscribe("test/sturdy", message -> {
            throw new IllegalStateException("handler bug");
        });
        subscriber.subscribe("test/sturdy", inbox);
        startAndAwaitConnected(subscriber);
        MqttConnection publisher = connection("sturdy-writer");
        startAndAwaitConnected(publisher);

        publisher.publish("test/sturdy", "1".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        publisher.publish("test/sturdy", "2".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> inbox.size() == 2);
        assertEquals(List.of("1", "2"), inbox.payloads());
        assertTrue(subscriber.isConnected());
    }

    @Test
    public void closedSubscriptionGetsNoMoreMessages() throws Exception {
        Inbox closedInbox = new Inbox();
        Inbox openInbox = new Inbox();
        MqttConnection subscriber = connection("closer");
        Subscription closing = subscriber.subscribe("test/closing/#", closedInbox);
        subscriber.subscribe("test/open", openInbox);
        startAndAwaitConnected(subscriber);
        MqttConnection publisher = connection("closer-writer");
        startAndAwaitConnected(publisher);

        closing.close();
        closing.close();
        publisher.publish("test/closing/a", "late".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        // Messages from one publisher keep their order, so once this one is in, the other was handled.
        publisher.publish("test/open", "marker".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> openInbox.size() == 1);
        assertEquals(0, closedInbox.size());
    }

    @Test
    public void listenerAddedWhileConnectedIsToldAtOnce() throws Exception {
        MqttConnection connection = connection("late-listener");
        startAndAwaitConnected(connection);
        RecordingListener listener = new RecordingListener();

        connection.addConnectionListener(listener);

        await().atMost(WAIT).until(() -> listener.count("connected") == 1);
        connection.close();
        assertEquals(List.of("connected", "disconnected"), listener.events());
    }

    @Test
    public void reconfigureMovesToTheNewBrokerKeepingSubscriptions() throws Exception {
        Inbox inbox = new Inbox();
        RecordingListener listener = new RecordingListener();
        MqttConnection connection = connection("mover");
        connection.subscribe("test/moved", inbox);
        connection.addConnectionListener(listener);
        startAndAwaitConnected(connection);
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);

        try (Mosquitto second = Mosquitto.start(folder.newFolder("second").toPath())) {
            connection.reconfigure(MqttSettings.of(second.uri(), "mover").withReconnectDelays(100, 1_000));

            await().atMost(WAIT).until(() -> listener.count("connected") == 2);
            assertEquals(List.of("connected", "disconnected", "connected"), listener.events());
            MqttConnection publisher = new MqttConnection(MqttSettings.of(second.uri(), "second-writer"));
            toClose.add(publisher);
            startAndAwaitConnected(publisher);
            publisher.publish("test/moved", "there".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> inbox.payloads().contains("there"));
            connection.close();
        }
    }

    @Test
    public void closeFailsPublishesStillWaitingForTheBroker() throws Exception {
        MqttConnection connection = connection("closing");
        startAndAwaitConnected(connection);
        broker.pause();
        try {
            CompletableFuture<Void> pending = connection.publish("test/closing", new byte[] {1}, Map.of());
            connection.close();
            assertTrue(pending.isDone());
            transportFailure(pending);
        } finally {
            broker.resume();
        }
        assertFalse(connection.isConnected());
    }

    @Test
    public void closeLeavesNoThreadsBehind() throws Exception {
        MqttConnection connected = connection("tidy-online");
        startAndAwaitConnected(connected);
        broker.stop();
        MqttConnection retrying = connection("tidy-offline");
        retrying.start();

        connected.close();
        retrying.close();

        // Paho names its threads after the client id, the worker carries it too.
        await().atMost(WAIT).until(() -> threadsNamed("tidy-").isEmpty());
    }

    // ---- helpers ----

    private static List<String> threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains(part))
                .toList();
    }

    private MqttSettings settings(String clientId) {
        return MqttSettings.of(broker.uri(), clientId).withReconnectDelays(100, 1_000);
    }

    private MqttConnection connection(String clientId) {
        return connection(clientId, socket -> { });
    }

    private MqttConnection connection(String clientId, Consumer<Socket> sockets) {
        MqttConnection connection = new MqttConnection(settings(clientId), sockets);
        toClose.add(connection);
        return connection;
    }

    private static void startAndAwaitConnected(MqttConnection connection) {
        RecordingListener listener = new RecordingListener();
        connection.addConnectionListener(listener);
        connection.start();
        // The listener hears "connected" only once the subscriptions are in place.
        await().atMost(WAIT).until(() -> listener.count("connected") >= 1);
        connection.removeConnectionListener(listener);
    }

    private static TransportException transportFailure(CompletableFuture<Void> result) {
        try {
            result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException transport) {
                return transport;
            }
            throw new AssertionError("expected a TransportException", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        fail("expected the publish to fail");
        return null;
    }
}
