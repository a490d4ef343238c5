package dev.tether.transport.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.SocketFactory;

/** Plain sockets, each remembered so a test can look at its options after the connection is made. */
final class RecordingSocketFactory extends SocketFactory {

    private final SocketFactory delegate = SocketFactory.getDefault();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    List<Socket> sockets() {
        return List.copyOf(sockets);
    }

    @Override
    public Socket createSocket() throws IOException {
        return remember(delegate.createSocket());
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
