package dev.tether.console.internal;

import java.util.List;
import java.util.Map;

/** The status JSON as a few aligned lines for the shell. */
final class StatusText {

    private final JsonCodec json;
    private final StringBuilder text = new StringBuilder();

    StatusText(JsonCodec json) {
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    String render(Map<String, Object> status) {
        Map<String, Object> connection = (Map<String, Object>) status.get("connection");
        Map<String, Object> sync = (Map<String, Object>) status.get("sync");
        line("device", connection.get("deviceId"));
        line("connected", connection.get("connected"));
        line("broker", connection.get("broker"));
        line("schema version", connection.get("schemaVersion"));
        line("engine running", connection.get("engineAvailable"));
        line("store available", connection.get("storeAvailable"));
        line("outbox depth", sync.get("outboxDepth"));
        line("in-flight batches", sync.get("inFlightBatches"));
        line("changes sent", sync.get("changesSent"));
        line("changes acknowledged", sync.get("changesAcknowledged"));
        line("last ack", sync.get("lastAck"));
        line("oldest pending", feature(sync.get("oldestPendingAgeMillis")));
        line("dead letters", feature(sync.get("deadLetters")));
        line("cursors", feature(sync.get("cursors")));
        line("paused", feature(sync.get("paused")));
        line("resync progress", feature(sync.get("resyncProgress")));
        line("last error", connection.get("lastError"));
        for (Map<String, Object> model : (List<Map<String, Object>>) status.get("models")) {
            line("model " + model.get("name"), "sync " + model.get("sync") + ", items " + feature(model.get("count")));
        }
        return text.toString().stripTrailing();
    }

    @SuppressWarnings("unchecked")
    private String feature(Object value) {
        Map<String, Object> feature = (Map<String, Object>) value;
        if (feature == null) {
            return "-";
        }
        return Boolean.TRUE.equals(feature.get("available")) ? json.write(feature.get("value")) : "not available";
    }

    private void line(String label, Object value) {
        text.append(String.format("%-22s %s%n", label, value == null ? "-" : value));
    }
}
