package dev.tether.cloud.mqtt;

import java.util.Optional;

import dev.tether.protocol.Topics;

/**
 * How the service connects to the broker.
 *
 * @param serverUri e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId this instance's client id
 * @param username optional user name
 * @param password optional password
 * @param sessionExpirySeconds how long the broker keeps the session (and queues batches) while the service is away
 * @param ackExpirySeconds the message expiry interval of each ack
 * @param topics the topic layout
 */
public record MqttSettings(String serverUri, String clientId, Optional<String> username, Optional<String> password,
        long sessionExpirySeconds, long ackExpirySeconds, Topics topics) {

    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username.orElse("-")
                + ", sessionExpirySeconds=" + sessionExpirySeconds + ", ackExpirySeconds=" + ackExpirySeconds
                + ", prefix=" + topics.prefix() + "]";
    }
}
