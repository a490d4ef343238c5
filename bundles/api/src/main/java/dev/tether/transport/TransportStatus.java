package dev.tether.transport;

/**
 * A snapshot of a transport's connection and traffic, for status pages and monitoring.
 *
 * @param state where the connection stands
 * @param broker the broker it connects to (URI, no credentials)
 * @param clientId the client identifier it connects with
 * @param lastError the last failure (connect, refusal, loss), or {@code null}
 * @param reconnects successful connects after the first one
 * @param refusals packets the broker refused with a reason code (PUBACK, SUBACK, CONNACK, DISCONNECT)
 * @param messagesOut messages the broker acknowledged
 * @param bytesOut payload bytes of those messages
 * @param messagesIn messages received
 * @param bytesIn payload bytes of those messages
 * @param maxPacketSize the broker's Maximum Packet Size, {@link Integer#MAX_VALUE} if it set none
 */
public record TransportStatus(State state, String broker, String clientId, String lastError, long reconnects,
        long refusals, long messagesOut, long bytesOut, long messagesIn, long bytesIn, int maxPacketSize) {

    /** Where a connection stands. */
    public enum State {
        /** Trying to connect, or waiting before the next attempt. */
        CONNECTING,
        /** Connected; subscriptions are in place. */
        CONNECTED,
        /** Closed for good. */
        CLOSED
    }
}
