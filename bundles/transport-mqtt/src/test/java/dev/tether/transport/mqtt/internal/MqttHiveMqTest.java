package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.transport.InboundMessage;
import dev.tether.transport.MessageTooLargeException;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Transport;
import dev.tether.transport.mqtt.testing.HiveMq;

/** The transport against a second broker implementation, HiveMQ CE, with a small maximum packet size. */
public class MqttHiveMqTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_PACKET_SIZE = 4096;

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    private static HiveMq broker;
    private static final List<MqttConnection> CONNECTIONS = new ArrayList<>();

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = HiveMq.start(FOLDER.newFolder("hivemq").toPath(), MAX_PACKET_SIZE);
    }

    @AfterClass
    public static void stopBroker() throws Exception {
        CONNECTIONS.forEach(MqttConnection::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void userPropertiesContentTypeAndRequestResponse() throws Exception {
        MqttConnection responder = connected("hive-responder", "");
        responder.subscribe("svc/echo", request -> responder.publish(request.responseTopic(), request.payload(),
                PublishOptions.replyTo(request)
                        .withUserProperties(Map.of("seen-content-type", String.valueOf(request.contentType()),
                                "seen-schema", request.userProperties().getOrDefault(Transport.SCHEMA_VERSION_PROPERTY, "")))
                        .withMessageExpirySeconds(60)));
        awaitSubscribed(responder);
        MqttConnection requester = connected("hive-requester", "");

        InboundMessage response = requester.request("svc/echo", "ping".getBytes(UTF_8),
                PublishOptions.NONE.withContentType(Transport.JSON_CONTENT_TYPE)
                        .withUserProperties(Map.of(Transport.SCHEMA_VERSION_PROPERTY, "7")),
                "svc/replies/hive-requester", Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

        assertEquals("ping", new String(response.payload(), UTF_8));
        assertEquals(Map.of("seen-content-type", "application/json", "seen-schema", "7"), response.userProperties());
    }

    @Test
    public void theBrokersMaximumPacketSizeIsReportedAndHonoured() throws Exception {
        MqttConnection connection = connected("hive-sizer", "");
        assertEquals(MAX_PACKET_SIZE, connection.maxPacketSize());

        int fits = connection.maxPayloadSize("big/one", PublishOptions.NONE);
        connection.publish("big/one", new byte[fits], Map.of()).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> tooBig = connection.publish("big/one", new byte[fits + 1], Map.of());

        ExecutionException failure = org.junit.Assert.assertThrows(ExecutionException.class,
                () -> tooBig.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof MessageTooLargeException);
        assertTrue(connection.isConnected());
    }

    @Test
    public void topicPrefixIsInvisibleToTheCallerButUsedOnTheBroker() throws Exception {
        Inbox mounted = new Inbox();
        Inbox plain = new Inbox();
        MqttConnection tenant = connected("hive-tenant", "tenant-a");
        tenant.subscribe("tether/gw/down/ack", mounted);
        MqttConnection observer = connected("hive-observer", "");
        observer.subscribe("tenant-a/tether/#", plain);
        awaitSubscribed(tenant);
        awaitSubscribed(observer);

        observer.publish("tenant-a/tether/gw/down/ack", "ack".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> mounted.size() == 1 && plain.size() == 1);
        assertEquals("tether/gw/down/ack", mounted.messages().get(0).topic());
        assertEquals("tenant-a/tether/gw/down/ack", plain.messages().get(0).topic());
    }

    @Test
    public void aDisconnectByTheBrokerIsATypedCountedRefusal() {
        MqttConnection first = connected("hive-twin", "");

        // A second client with the same id takes the session over: HiveMQ sends the first DISCONNECT 0x8E.
        MqttConnection second = connected("hive-twin", "");

        await().atMost(WAIT).until(() -> first.status().refusals() >= 1);
        String lastError = first.status().lastError();
        first.close(); // or the twins keep taking the session from each other
        second.close();
        assertTrue(lastError, lastError.startsWith("DISCONNECT") && lastError.contains("0x8E"));
    }

    private static MqttConnection connected(String clientId, String topicPrefix) {
        MqttConnection connection = new MqttConnection(
                MqttSettings.of(broker.uri(), clientId).withReconnectDelays(100, 1_000).withTopicPrefix(topicPrefix));
        CONNECTIONS.add(connection);
        RecordingListener listener = new RecordingListener();
        connection.addConnectionListener(listener);
        connection.start();
        await().atMost(WAIT).until(() -> listener.count("connected") >= 1);
        return connection;
    }

    /** A subscription made after connecting is in place once a message to it comes back. */
    private static void awaitSubscribed(MqttConnection connection) {
        Inbox probe = new Inbox();
        String topic = "probe/" + System.nanoTime();
        var subscription = connection.subscribe(topic, probe);
        await().atMost(WAIT).until(() -> {
            connection.publish(topic, new byte[] {1}, Map.of());
            return probe.size() > 0;
        });
        subscription.close();
    }
}
