package dev.tether.transport.mqtt.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.transport.InboundMessage;

/** Requests waiting for their response, matched by correlation data. */
final class PendingRequests {

    private final Map<ByteBuffer, CompletableFuture<InboundMessage>> waiting = new ConcurrentHashMap<>();

    /** Registers a request under fresh correlation data; the entry goes when the future completes, however. */
    byte[] register(CompletableFuture<InboundMessage> response) {
        UUID id = UUID.randomUUID();
        byte[] correlation = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        ByteBuffer key = ByteBuffer.wrap(correlation.clone());
        waiting.put(key, response);
        response.whenComplete((message, failure) -> waiting.remove(key));
        return correlation;
    }

    /** Completes the request the message answers; a response nobody waits for (any more) is ignored. */
    void deliver(InboundMessage message) {
        byte[] correlation = message.correlationData();
        if (correlation == null) {
            return;
        }
        CompletableFuture<InboundMessage> response = waiting.get(ByteBuffer.wrap(correlation));
        if (response != null) {
            response.complete(message);
        }
    }

    void failAll(RuntimeException why) {
        waiting.values().forEach(response -> response.completeExceptionally(why));
    }
}
