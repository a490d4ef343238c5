package dev.tether.console.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        line("of which duplicates", sync.get("changesDuplicate"));
        line("changes rejected", sync.get("changesRejected"));
        line("conflicts settled", sync.get("conflictsSettled"));
        line("cloud changes applied", sync.get("cloudChangesApplied"));
        line("cloud changes refused", sync.get("cloudChangesRefused"));
        line("last ack", sync.get("lastAck"));
        line("oldest pending", feature(sync.get("oldestPendingAgeMillis"), age -> json.write(age) + " ms"));
        line("dead letters", feature(sync.get("deadLetters")));
        line("cursors", feature(sync.get("cursors")));
        line("paused", feature(sync.get("paused")));
        line("resync progress", feature(sync.get("resyncProgress"), StatusText::progress));
        line("last error", connection.get("lastError"));
        for (Map<String, Object> model : (List<Map<String, Object>>) status.get("models")) {
            line("model " + model.get("name"), "sync " + model.get("sync") + ", items " + feature(model.get("count")));
        }
        return text.toString().stripTrailing();
    }

    private String feature(Object value) {
        return feature(value, json::write);
    }

    @SuppressWarnings("unchecked")
    private static String feature(Object value, Function<Object, String> format) {
        Map<String, Object> feature = (Map<String, Object>) value;
        if (feature == null) {
            return "-";
        }
        return Boolean.TRUE.equals(feature.get("available")) ? format.apply(feature.get("value")) : "not available";
    }

    /** E.g. "full-resync running: 3 pages, 1200 items, about 800 left". */
    @SuppressWarnings("unchecked")
    static String progress(Object value) {
        if (value == null) {
            return "none since start";
        }
        Map<String, Object> progress = (Map<String, Object>) value;
        boolean running = Boolean.TRUE.equals(progress.get("running"));
        String state = running ? "running" : progress.get("finishedAt") != null ? "done " + progress.get("finishedAt") : "given up";
        String text = progress.get("kind") + " " + state + ": " + progress.get("pagesDone") + " pages, "
                + progress.get("itemsDone") + " items";
        if (running) {
            text += progress.get("itemsLeft") == null ? ", rest unknown" : ", about " + progress.get("itemsLeft") + " left";
        }
        return text;
    }

    private void line(String label, Object value) {
        text.append(String.format("%-22s %s%n", label, value == null ? "-" : value));
    }
}
