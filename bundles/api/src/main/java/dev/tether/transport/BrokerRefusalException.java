package dev.tether.transport;

/**
 * The broker refused something with an MQTT v5 reason code (0x80 and above), e.g. 0x87 not
 * authorised, 0x95 packet too large, 0x97 quota exceeded.
 */
public class BrokerRefusalException extends TransportException {

    private static final long serialVersionUID = 1L;

    /** The packet that carried the refusal. */
    public enum Packet {
        CONNACK, PUBACK, SUBACK, DISCONNECT
    }

    private final Packet packet;

    public BrokerRefusalException(Packet packet, int reasonCode, String message) {
        super(message, reasonCode, null);
        this.packet = packet;
    }

    public Packet packet() {
        return packet;
    }
}
