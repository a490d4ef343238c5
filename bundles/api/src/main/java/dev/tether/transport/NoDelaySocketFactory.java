package dev.tether.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.function.Consumer;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one way Tether makes MQTT sockets: every socket gets TCP_NODELAY. Without it, MQTT messages
 * larger than one TCP segment stall about 40 ms on each hop (Nagle's algorithm waiting for a delayed
 * ACK).
 *
 * <p>Use {@link #wrap(SocketFactory)}: it keeps the kind of the factory it wraps, because MQTT
 * clients such as Paho accept only an {@link SSLSocketFactory} for {@code ssl://} and only a plain
 * one for {@code tcp://}.
 */
public final class NoDelaySocketFactory extends SocketFactory {

    private final SocketFactory delegate;
    private final Consumer<Socket> created;

    /** Wraps a plain socket factory; for TLS use {@link #wrap(SocketFactory)}, which returns an {@link SSLSocketFactory}. */
    public NoDelaySocketFactory(SocketFactory delegate) {
        this(delegate, socket -> { });
    }

    private NoDelaySocketFactory(SocketFactory delegate, Consumer<Socket> created) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.created = Objects.requireNonNull(created, "created");
    }

    /** Plain sockets from the JVM's default factory. */
    public static NoDelaySocketFactory plain() {
        return new NoDelaySocketFactory(SocketFactory.getDefault());
    }

    /** The delegate's sockets with TCP_NODELAY on; an {@link SSLSocketFactory} stays one. */
    public static SocketFactory wrap(SocketFactory delegate) {
        return wrap(delegate, socket -> { });
    }

    /**
     * The same, telling {@code created} about every socket made (after TCP_NODELAY is set), e.g. to
     * count or inspect them.
     */
    public static SocketFactory wrap(SocketFactory delegate, Consumer<Socket> created) {
        if (delegate instanceof SSLSocketFactory tls) {
            return new Tls(tls, created);
        }
        return new NoDelaySocketFactory(delegate, created);
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket(), created);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port), created);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort), created);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port), created);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort), created);
    }

    private static Socket noDelay(Socket socket, Consumer<Socket> created) throws IOException {
        socket.setTcpNoDelay(true);
        created.accept(socket);
        return socket;
    }

    /** The TLS kind: the same sockets, TLS on top. */
    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final Consumer<Socket> created;

        Tls(SSLSocketFactory delegate, Consumer<Socket> created) {
            this.delegate = delegate;
            this.created = created;
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
            return noDelay(delegate.createSocket(), created);
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(socket, host, port, autoClose), created);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), created);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort), created);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), created);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort), created);
        }
    }
}
