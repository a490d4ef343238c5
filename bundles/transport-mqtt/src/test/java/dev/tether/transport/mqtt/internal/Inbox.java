package dev.tether.transport.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.tether.transport.InboundMessage;

/** A subscription handler that keeps what it receives. */
final class Inbox implements Consumer<InboundMessage> {

    private final List<InboundMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public void accept(InboundMessage message) {
        messages.add(message);
    }

    List<InboundMessage> messages() {
        return List.copyOf(messages);
    }

    int size() {
        return messages.size();
    }

    List<String> payloads() {
        return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }
}
