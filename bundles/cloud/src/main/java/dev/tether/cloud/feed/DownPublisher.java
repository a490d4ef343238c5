package dev.tether.cloud.feed;

/** Publishes a message at QoS 1 and returns once the broker has it. */
@FunctionalInterface
public interface DownPublisher {

    /**
     * @param correlationData the request's correlation data for a response, {@code null} otherwise
     * @throws Exception if the broker did not take the message
     */
    void publish(String topic, byte[] payload, byte[] correlationData) throws Exception;
}
