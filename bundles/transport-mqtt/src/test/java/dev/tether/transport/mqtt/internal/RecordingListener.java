package dev.tether.transport.mqtt.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tether.transport.ConnectionListener;

/** Records connect and disconnect events in order. */
final class RecordingListener implements ConnectionListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void connected() {
        events.add("connected");
    }

    @Override
    public void disconnected(Throwable cause) {
        events.add("disconnected");
    }

    List<String> events() {
        return List.copyOf(events);
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }
}
