package dev.tether.transport.mqtt.internal;

import java.util.concurrent.atomic.AtomicLong;

import dev.tether.transport.Transport;
import dev.tether.transport.TransportStatus;

/** What {@link MqttConnection#status()} reports: state, last error and traffic counters, updated from any thread. */
final class StatusCounters {

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private volatile TransportStatus.State state = TransportStatus.State.CONNECTING;
    private volatile String lastError;
    private volatile int maxPacketSize = Transport.NO_PACKET_LIMIT;

    void connected(int brokerMaxPacketSize) {
        maxPacketSize = brokerMaxPacketSize;
        connects.incrementAndGet();
        state = TransportStatus.State.CONNECTED;
    }

    void connecting() {
        state = TransportStatus.State.CONNECTING;
    }

    void closed() {
        state = TransportStatus.State.CLOSED;
    }

    void error(String description) {
        lastError = description;
    }

    void refused(String description) {
        refusals.incrementAndGet();
        lastError = description;
    }

    void sent(int payloadBytes) {
        messagesOut.incrementAndGet();
        bytesOut.addAndGet(payloadBytes);
    }

    void received(int payloadBytes) {
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(payloadBytes);
    }

    int maxPacketSize() {
        return maxPacketSize;
    }

    TransportStatus snapshot(MqttSettings settings) {
        return new TransportStatus(state, settings.brokerUri(), settings.clientId(), lastError,
                Math.max(0, connects.get() - 1), refusals.get(), messagesOut.get(), bytesOut.get(), messagesIn.get(),
                bytesIn.get(), maxPacketSize);
    }
}
