package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.transport.BrokerRefusalException;
import dev.tether.transport.TransportStatus;
import dev.tether.transport.mqtt.testing.Mosquitto;
import dev.tether.transport.mqtt.testing.TestCertificates;

/**
 * TLS with a configured CA, mutual TLS (PEM files and a key store), user name and password, and
 * ACLs that keep a device to its own topics — against a real mosquitto with certificates made by
 * openssl for each test class run.
 */
public class MqttSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int NOT_AUTHORIZED = 0x87;
    /** Devices may use only their own topics; %u is the user name or, with client certificates, the CN. */
    private static final List<String> DEVICE_ACL = List.of(
            "pattern write tether/%u/up/#",
            "pattern read tether/%u/down/#");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestCertificates ca;

    @Before
    public void makeCertificates() throws Exception {
        assumeTrue("openssl is needed to make test certificates", TestCertificates.available());
        ca = TestCertificates.newCa(folder.newFolder("ca").toPath(), "tether-test-ca");
        ca.issueServer("broker");
    }

    @After
    public void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    public void brokerIsVerifiedAgainstTheConfiguredCaAndTheSocketHasTcpNoDelay() throws Exception {
        Mosquitto broker = tlsBroker(false);
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        MqttConnection connection = connection(settings(broker, "gw-1", TlsSettings.withCa(ca.caCertificate().toString())),
                sockets::add);
        Inbox inbox = new Inbox();
        connection.subscribe("echo/#", inbox);
        startAndAwaitConnected(connection);

        connection.publish("echo/gw-1", "secret".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> inbox.size() == 1);
        assertEquals("secret", inbox.payloads().get(0));
        Socket socket = sockets.get(sockets.size() - 1);
        assertTrue(socket instanceof SSLSocket);
        assertTrue("TCP_NODELAY must be on for TLS too", socket.getTcpNoDelay());
    }

    @Test
    public void brokerSignedByAnotherCaIsRefusedAndRetried() throws Exception {
        Mosquitto broker = tlsBroker(false);
        TestCertificates stranger = TestCertificates.newCa(folder.newFolder("stranger").toPath(), "stranger-ca");
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        MqttConnection connection = connection(
                settings(broker, "gw-1", TlsSettings.withCa(stranger.caCertificate().toString())), sockets::add);
        connection.start();

        await().atMost(WAIT).until(() -> sockets.size() >= 2);
        assertFalse(connection.isConnected());
        assertEquals(TransportStatus.State.CONNECTING, connection.status().state());
        assertTrue(connection.status().lastError(), connection.status().lastError().contains("cannot connect"));
    }

    @Test
    public void mutualTlsWithPemFilesKeepsTheDeviceToItsOwnTopics() throws Exception {
        Mosquitto broker = tlsBroker(true);
        ca.issueClient("gw-1");
        TlsSettings tls = TlsSettings.withCa(ca.caCertificate().toString())
                .withClientPem(ca.certificate("gw-1").toString(), ca.key("gw-1").toString());
        MqttConnection connection = connection(settings(broker, "gw-1", tls), socket -> { });
        startAndAwaitConnected(connection);

        connection.publish("tether/gw-1/up/changes", "mine".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        BrokerRefusalException refusal = refusal(
                connection.publish("tether/gw-2/up/changes", "forged".getBytes(UTF_8), Map.of()));

        assertEquals(BrokerRefusalException.Packet.PUBACK, refusal.packet());
        assertEquals(NOT_AUTHORIZED, refusal.reasonCode());
        TransportStatus status = connection.status();
        assertEquals("the refusal is counted", 1, status.refusals());
        assertTrue(status.lastError(), status.lastError().contains("0x87"));
        assertEquals(1, status.messagesOut());
        assertEquals(4, status.bytesOut());
    }

    @Test
    public void mutualTlsWithAKeyStore() throws Exception {
        Mosquitto broker = tlsBroker(true);
        ca.issueClient("gw-3");
        Path keyStore = ca.pkcs12("gw-3", "ks-secret");
        TlsSettings tls = TlsSettings.withCa(ca.caCertificate().toString())
                .withClientKeyStore(keyStore.toString(), "ks-secret", "PKCS12");
        MqttConnection connection = connection(settings(broker, "gw-3", tls), socket -> { });
        startAndAwaitConnected(connection);

        connection.publish("tether/gw-3/up/changes", "ok".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        assertFalse(connection.status().toString().contains("ks-secret"));
    }

    @Test
    public void withoutAClientCertificateTheBrokerLetsNobodyIn() throws Exception {
        Mosquitto broker = tlsBroker(true);
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        MqttConnection connection = connection(
                settings(broker, "gw-1", TlsSettings.withCa(ca.caCertificate().toString())), sockets::add);
        connection.start();

        await().atMost(WAIT).until(() -> sockets.size() >= 2);
        assertFalse(connection.isConnected());
    }

    @Test
    public void userNameAndPasswordAreCheckedAndAWrongPasswordIsACountedRefusal() throws Exception {
        Path passwords = folder.newFile("passwd").toPath();
        Process passwd = new ProcessBuilder("/usr/bin/mosquitto_passwd", "-b", passwords.toString(), "gw-1", "right-one")
                .redirectErrorStream(true).start();
        assertTrue(passwd.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, passwd.exitValue());
        Mosquitto broker = Mosquitto.startWith(folder.newFolder("password-broker").toPath(), false, List.of(),
                List.of("allow_anonymous false", "password_file " + passwords), DEVICE_ACL);
        toClose.add(broker);

        MqttConnection rightful = connection(MqttSettings.of(broker.uri(), "gw-1")
                .withReconnectDelays(100, 1_000).withCredentials("gw-1", "right-one"), socket -> { });
        startAndAwaitConnected(rightful);
        rightful.publish("tether/gw-1/up/changes", "in".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        MqttConnection impostor = connection(MqttSettings.of(broker.uri(), "gw-1-impostor")
                .withReconnectDelays(100, 1_000).withCredentials("gw-1", "wrong-one"), socket -> { });
        impostor.start();
        await().atMost(WAIT).until(() -> impostor.status().refusals() >= 1);
        TransportStatus status = impostor.status();
        assertFalse(impostor.isConnected());
        assertTrue(status.lastError(), status.lastError().startsWith("CONNACK"));
        assertFalse(status.toString().contains("wrong-one"));
    }

    /**
     * mosquitto's classic ACL file grants every subscription and filters deliveries later; its
     * dynamic security plugin checks subscriptions and answers a denied one with SUBACK 0x87.
     */
    @Test
    public void aSubscriptionToAnotherDevicesTopicsIsRefusedWithItsSubackReasonCode() throws Exception {
        Path plugin = dynamicSecurityPlugin();
        Path dynsec = folder.newFile("dynamic-security.json").toPath();
        java.nio.file.Files.writeString(dynsec, """
                {
                  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": true,
                                       "subscribe": false, "unsubscribe": true},
                  "clients": [],
                  "groups": [{"groupname": "devices", "roles": [{"rolename": "gw-1-only"}]}],
                  "roles": [{"rolename": "gw-1-only", "acls": [
                    {"acltype": "subscribePattern", "topic": "tether/gw-1/down/#", "priority": 0, "allow": true},
                    {"acltype": "publishClientSend", "topic": "tether/gw-1/#", "priority": 0, "allow": true}]}],
                  "anonymousGroup": "devices"
                }
                """);
        Mosquitto broker = Mosquitto.startWith(folder.newFolder("dynsec-broker").toPath(), false, List.of(),
                List.of("allow_anonymous true", "plugin " + plugin, "plugin_opt_config_file " + dynsec), List.of());
        toClose.add(broker);
        MqttConnection connection = connection(MqttSettings.of(broker.uri(), "gw-1").withReconnectDelays(100, 1_000),
                socket -> { });
        Inbox own = new Inbox();
        Inbox foreign = new Inbox();
        connection.subscribe("tether/gw-1/down/#", own);
        connection.subscribe("tether/gw-2/down/#", foreign);
        startAndAwaitConnected(connection);

        await().atMost(WAIT).until(() -> connection.status().refusals() >= 1);
        TransportStatus status = connection.status();
        assertEquals("only the foreign subscription is refused", 1, status.refusals());
        assertTrue(status.lastError(), status.lastError().contains("tether/gw-2/down/#"));
        assertTrue(status.lastError(), status.lastError().contains("SUBACK reason code 0x87"));
        assertTrue("a refused subscription is not a connection problem", connection.isConnected());

        connection.publish("tether/gw-1/down/changes", "own".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> own.size() == 1);
        assertEquals(List.of("own"), own.payloads());
        assertEquals(0, foreign.size());
    }

    private static Path dynamicSecurityPlugin() throws java.io.IOException {
        try (java.util.stream.Stream<Path> libraries = java.nio.file.Files.list(Path.of("/usr/lib"))) {
            return libraries.map(dir -> dir.resolve("mosquitto_dynamic_security.so"))
                    .filter(java.nio.file.Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException("mosquitto_dynamic_security.so not found under"
                            + " /usr/lib/*/: it comes with Debian's mosquitto package (apt-get install mosquitto)"));
        }
    }

    @Test
    public void noSecretIsLoggedAtAnyLevelByTheTransportOrPaho() throws Exception {
        ca.issueClient("gw-4");
        Path keyStore = ca.pkcs12("gw-4", "ks-secret-4");
        Mosquitto broker = tlsBroker(true);
        try (LogCapture log = new LogCapture()) {
            TlsSettings tls = TlsSettings.withCa(ca.caCertificate().toString())
                    .withClientKeyStore(keyStore.toString(), "ks-secret-4", "PKCS12");
            MqttConnection connection = connection(settings(broker, "gw-4", tls)
                    .withCredentials("gw-4", "pw-secret-4"), socket -> { });
            startAndAwaitConnected(connection);
            connection.publish("tether/gw-4/up/changes", "x".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);
            connection.close();

            assertTrue("Paho's trace of the CONNECT was captured",
                    log.lines().stream().anyMatch(line -> line.contains("cleanStart=false")));
            for (String line : log.lines()) {
                assertFalse(line, line.contains("pw-secret-4") || line.contains("ks-secret-4"));
            }
        }
    }

    @Test
    public void anUnencryptedConnectionToAnotherHostIsWarnedAbout() {
        try (LogCapture log = new LogCapture()) {
            // 192.0.2.1 is TEST-NET-1: never routed, so nothing leaves this machine
            MqttConnection remote = connection(MqttSettings.of("tcp://192.0.2.1:1883", "far-away")
                    .withCredentials("gw", "pw-secret-5"), socket -> { });
            remote.start();
            await().atMost(WAIT).until(() -> log.lines(java.util.logging.Level.WARNING).stream()
                    .anyMatch(line -> line.contains("not encrypted")));
            remote.close();
            MqttConnection local = connection(MqttSettings.of("tcp://127.0.0.1:1", "near-by"), socket -> { });
            local.start();
            local.close();

            List<String> warnings = log.lines(java.util.logging.Level.WARNING).stream()
                    .filter(line -> line.contains("not encrypted")).toList();
            assertEquals(warnings.toString(), 1, warnings.size());
            assertTrue(warnings.get(0).contains("192.0.2.1"));
            assertFalse(warnings.get(0).contains("pw-secret-5"));
        }
    }

    private Mosquitto tlsBroker(boolean requireClientCertificate) throws Exception {
        List<String> listener = new ArrayList<>(List.of(
                "cafile " + ca.caCertificate(),
                "certfile " + ca.certificate("broker"),
                "keyfile " + ca.key("broker")));
        if (requireClientCertificate) {
            listener.add("require_certificate true");
            listener.add("use_identity_as_username true");
        }
        List<String> acl = new ArrayList<>(DEVICE_ACL);
        acl.add("topic readwrite echo/#"); // anonymous clients' only topics
        Mosquitto broker = Mosquitto.startWith(folder.newFolder().toPath(), true, listener,
                List.of("allow_anonymous " + !requireClientCertificate), acl);
        toClose.add(broker);
        return broker;
    }

    private static MqttSettings settings(Mosquitto broker, String clientId, TlsSettings tls) {
        return MqttSettings.of(broker.uri(), clientId).withReconnectDelays(100, 1_000).withTls(tls);
    }

    private MqttConnection connection(MqttSettings settings, java.util.function.Consumer<Socket> sockets) {
        MqttConnection connection = new MqttConnection(settings, sockets);
        toClose.add(connection);
        return connection;
    }

    private static void startAndAwaitConnected(MqttConnection connection) {
        RecordingListener listener = new RecordingListener();
        connection.addConnectionListener(listener);
        connection.start();
        await().atMost(WAIT).until(() -> listener.count("connected") >= 1);
        connection.removeConnectionListener(listener);
    }

    private static BrokerRefusalException refusal(CompletableFuture<Void> publish) throws Exception {
        try {
            publish.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerRefusalException refused) {
                return refused;
            }
            throw new AssertionError("expected a BrokerRefusalException", e.getCause());
        }
        throw new AssertionError("expected the publish to be refused");
    }

}
