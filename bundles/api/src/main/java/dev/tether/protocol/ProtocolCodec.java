package dev.tether.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON encoding of the protocol messages (UTF-8). Decoding checks every field the protocol
 * requires and says which one is wrong, so that a malformed message is refused, never half-used.
 * Whole numbers in items decode as {@link Long}, others as {@link Double}. Thread-safe.
 */
public final class ProtocolCodec {

    public static final String CONTENT_TYPE = "application/json";
    private static final Type ITEM_TYPE = new TypeToken<Map<String, Object>>() { }.getType();

    private final Gson gson = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .create();

    public byte[] encode(ChangeBatch batch) {
        return toBytes(batch);
    }

    public byte[] encode(Ack ack) {
        return toBytes(ack);
    }

    public byte[] encode(DownChanges changes) {
        return toBytes(changes);
    }

    public byte[] encode(SyncRequest request) {
        return toBytes(request);
    }

    /** Encodes an item on its own, e.g. for size checks or storage as JSON text. */
    public String itemToJson(Map<String, Object> item) {
        return gson.toJson(item, ITEM_TYPE);
    }

    public Map<String, Object> itemFromJson(String json) throws ProtocolException {
        try {
            Map<String, Object> item = gson.fromJson(json, ITEM_TYPE);
            if (item == null) {
                throw new ProtocolException("item JSON is empty");
            }
            return item;
        } catch (JsonParseException | IllegalStateException e) {
            throw new ProtocolException("item is not a JSON object: " + e.getMessage(), e);
        }
    }

    public ChangeBatch decodeBatch(byte[] payload) throws ProtocolException {
        ChangeBatch batch = parse(payload, ChangeBatch.class, "change batch");
        require(batch.batch() != null && !batch.batch().isBlank(), "change batch: 'batch' id is missing");
        require(batch.changes() != null, "change batch " + batch.batch() + ": 'changes' is missing");
        for (int i = 0; i < batch.changes().size(); i++) {
            checkChange(batch.changes().get(i), "change batch " + batch.batch() + ": changes[" + i + "]");
        }
        return batch;
    }

    public Ack decodeAck(byte[] payload) throws ProtocolException {
        Ack ack = parse(payload, Ack.class, "ack");
        require(ack.batch() != null && !ack.batch().isBlank(), "ack: 'batch' id is missing");
        require(ack.results() != null, "ack " + ack.batch() + ": 'results' is missing");
        for (int i = 0; i < ack.results().size(); i++) {
            AckResult result = ack.results().get(i);
            String where = "ack " + ack.batch() + ": results[" + i + "]";
            require(result != null, where + " is null");
            require(result.model() != null && !result.model().isBlank(), where + ": 'model' is missing");
            checkKey(result.key(), where);
            require(result.status() != null, where + ": 'status' is missing or not one of applied, duplicate, conflict, rejected");
            require(result.status() == AckStatus.REJECTED || result.version() != null, where + ": 'version' is missing");
        }
        return ack;
    }

    public DownChanges decodeDownChanges(byte[] payload) throws ProtocolException {
        DownChanges down = parse(payload, DownChanges.class, "down changes");
        require(down.changes() != null, "down changes: 'changes' is missing");
        require(down.cursor() != null && down.cursor() >= 0, "down changes: 'cursor' is missing or negative");
        require(down.previous() != null && down.previous() >= 0, "down changes: 'previous' is missing or negative");
        require(down.more() != null, "down changes: 'more' is missing");
        long last = down.previous();
        for (int i = 0; i < down.changes().size(); i++) {
            DownChange change = down.changes().get(i);
            String where = "down changes: changes[" + i + "]";
            require(change != null, where + " is null");
            require(change.model() != null && !change.model().isBlank(), where + ": 'model' is missing");
            checkKey(change.key(), where);
            require(change.op() != null, where + ": 'op' is missing or not one of put, delete");
            require(change.op() != Op.PUT || change.item() != null, where + ": a put needs an 'item'");
            require(change.version() != null, where + ": 'version' is missing");
            require(change.version() > last, where + ": 'version' " + change.version()
                    + " is not above the one before (" + last + ")");
            require(change.version() <= down.cursor(), where + ": 'version' " + change.version()
                    + " is above the message's 'cursor' " + down.cursor());
            require(change.hlc() != null, where + ": 'hlc' is missing");
            last = change.version();
        }
        require(down.cursor() >= down.previous(), "down changes: 'cursor' " + down.cursor()
                + " is below 'previous' " + down.previous());
        return down;
    }

    public SyncRequest decodeSyncRequest(byte[] payload) throws ProtocolException {
        SyncRequest request = parse(payload, SyncRequest.class, "sync request");
        require(request.since() != null && request.since() >= 0, "sync request: 'since' is missing or negative");
        require(request.device() == null || request.device() >= 0, "sync request: 'device' is negative");
        require(request.shared() == null || request.shared() >= 0, "sync request: 'shared' is negative");
        return request;
    }

    private void checkChange(Change change, String where) throws ProtocolException {
        require(change != null, where + " is null");
        require(change.model() != null && !change.model().isBlank(), where + ": 'model' is missing");
        checkKey(change.key(), where);
        require(change.op() != null, where + ": 'op' is missing or not one of put, delete");
        require(change.op() != Op.PUT || change.item() != null, where + ": a put needs an 'item'");
        require(change.hlc() != null, where + ": 'hlc' is missing");
        try {
            Hlc.parse(change.hlc());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(where + ": " + e.getMessage());
        }
    }

    private static void checkKey(ItemKey key, String where) throws ProtocolException {
        require(key != null && key.pk() != null && !key.pk().isEmpty(), where + ": 'key.pk' is missing");
    }

    private <T> T parse(byte[] payload, Class<T> type, String what) throws ProtocolException {
        if (payload == null || payload.length == 0) {
            throw new ProtocolException(what + ": empty message");
        }
        try {
            T value = gson.fromJson(new String(payload, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new ProtocolException(what + ": empty message");
            }
            return value;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ProtocolException(what + ": not valid JSON of the expected shape: " + root.getMessage(), e);
        }
    }

    private byte[] toBytes(Object message) {
        return gson.toJson(message).getBytes(StandardCharsets.UTF_8);
    }

    private static void require(boolean condition, String message) throws ProtocolException {
        if (!condition) {
            throw new ProtocolException(message);
        }
    }
}
