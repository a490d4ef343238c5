package dev.tether.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.Test;

public class NoDelaySocketFactoryTest {

    @Test
    public void plainStaysPlainAndTlsStaysTlsBothWithoutNagle() throws Exception {
        List<Socket> made = new ArrayList<>();
        SocketFactory plain = NoDelaySocketFactory.wrap(SocketFactory.getDefault(), made::add);
        SocketFactory tls = NoDelaySocketFactory.wrap(SSLSocketFactory.getDefault(), made::add);

        assertFalse(plain instanceof SSLSocketFactory);
        assertTrue(tls instanceof SSLSocketFactory);
        try (Socket plainSocket = plain.createSocket(); Socket tlsSocket = tls.createSocket()) {
            assertTrue(plainSocket.getTcpNoDelay());
            assertTrue(tlsSocket instanceof SSLSocket);
            assertTrue(tlsSocket.getTcpNoDelay());
            assertEquals(List.of(plainSocket, tlsSocket), made);
        }
    }

    @Test
    public void publishOptionsCopyTheirBytesAndAnswerWithTheRequestsCorrelation() {
        byte[] correlation = {1, 2, 3};
        InboundMessage request = new InboundMessage("t", new byte[0], java.util.Map.of(), "replies", correlation);
        PublishOptions reply = PublishOptions.replyTo(request).withMessageExpirySeconds(30);
        correlation[0] = 9;

        assertEquals(1, reply.correlationData()[0]);
        assertEquals(30, reply.messageExpirySeconds());
        assertEquals(null, reply.responseTopic());
    }
}
