package dev.tether.transport.mqtt.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.transport.mqtt.testing.Mosquitto;

/** {@code ssl://} against mosquitto with a throwaway self-signed certificate. */
public class MqttTlsTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<MqttConnection> connections = new ArrayList<>();
    private Mosquitto broker;
    private Path certificate;

    @Before
    public void startTlsBroker() throws Exception {
        assumeTrue("openssl is needed to make a test certificate", Files.isExecutable(OPENSSL));
        Path keys = folder.newFolder("keys").toPath();
        certificate = keys.resolve("cert.pem");
        Path key = keys.resolve("key.pem");
        Process openssl = new ProcessBuilder(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).redirectOutput(keys.resolve("openssl.log").toFile()).start();
        assertTrue("openssl timed out", openssl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Files.readString(keys.resolve("openssl.log")), 0, openssl.exitValue());
        broker = Mosquitto.startTls(folder.newFolder("broker").toPath(), certificate, key);
    }

    @After
    public void stopEverything() {
        connections.forEach(MqttConnection::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    public void roundTripOverTlsWithTcpNoDelay() throws Exception {
        RecordingSslSocketFactory sockets = new RecordingSslSocketFactory(trusting(certificate));
        Inbox inbox = new Inbox();
        RecordingListener listener = new RecordingListener();
        MqttConnection connection = connection("tls-client", sockets);
        connection.subscribe("test/tls", inbox);
        connection.addConnectionListener(listener);
        connection.start();
        await().atMost(WAIT).until(() -> listener.count("connected") == 1);

        connection.publish("test/tls", "secret".getBytes(UTF_8), Map.of()).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> inbox.size() == 1);
        assertEquals("secret", inbox.payloads().get(0));
        Socket socket = sockets.sockets().get(sockets.sockets().size() - 1);
        assertTrue(socket instanceof SSLSocket);
        assertTrue("TCP_NODELAY must be on for TLS too", socket.getTcpNoDelay());
    }

    @Test
    public void untrustedBrokerIsRefusedAndRetried() throws Exception {
        RecordingSslSocketFactory sockets = new RecordingSslSocketFactory(
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        MqttConnection connection = connection("tls-doubter", sockets);
        connection.start();

        await().atMost(WAIT).until(() -> sockets.sockets().size() >= 2);
        assertFalse(connection.isConnected());
    }

    private MqttConnection connection(String clientId, SSLSocketFactory tlsSockets) {
        MqttSettings settings = MqttSettings.of(broker.uri(), clientId).withReconnectDelays(100, 1_000);
        MqttConnection connection = new MqttConnection(settings, SocketFactory.getDefault(), tlsSockets);
        connections.add(connection);
        return connection;
    }

    private static SSLSocketFactory trusting(Path certificatePem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** TLS sockets, each remembered. */
    private static final class RecordingSslSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        RecordingSslSocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        List<Socket> sockets() {
            return List.copyOf(sockets);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return remember(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return remember(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return remember(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return remember(delegate.createSocket(address, port, localAddress, localPort));
        }

        private Socket remember(Socket socket) {
            sockets.add(socket);
            return socket;
        }
    }
}
