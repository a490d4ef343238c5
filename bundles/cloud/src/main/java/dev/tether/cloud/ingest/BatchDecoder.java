package dev.tether.cloud.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import dev.tether.protocol.AckResult;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;

/**
 * Decodes a change batch so that one bad change does not silence the whole batch. A well-formed
 * batch goes through {@link ProtocolCodec#decodeBatch} as is. Otherwise, if the batch id and each
 * bad change's model and key can still be read, the good changes are kept and each bad one becomes
 * a {@code rejected} result the device can match to its item. Anything less readable is malformed:
 * an ack the device cannot match would help nobody.
 */
final class BatchDecoder {

    private final ProtocolCodec codec;

    BatchDecoder(ProtocolCodec codec) {
        this.codec = codec;
    }

    DecodedBatch decode(byte[] payload) throws ProtocolException {
        try {
            ChangeBatch batch = codec.decodeBatch(payload);
            return new DecodedBatch(batch.batch(), batch.changes().stream().map(DecodedBatch.Entry::of).toList());
        } catch (ProtocolException wholeBatchFailure) {
            return decodeChangeByChange(payload, wholeBatchFailure);
        }
    }

    private DecodedBatch decodeChangeByChange(byte[] payload, ProtocolException wholeBatchFailure) throws ProtocolException {
        JsonObject root = parseObject(payload).orElseThrow(() -> wholeBatchFailure);
        String batchId = nonEmptyString(root.get("batch"));
        JsonElement changes = root.get("changes");
        if (batchId == null || changes == null || !changes.isJsonArray()) {
            throw wholeBatchFailure;
        }
        List<DecodedBatch.Entry> entries = new ArrayList<>();
        JsonArray array = changes.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            entries.add(decodeOne(batchId, i, array.get(i), wholeBatchFailure));
        }
        return new DecodedBatch(batchId, entries);
    }

    private DecodedBatch.Entry decodeOne(String batchId, int index, JsonElement change, ProtocolException wholeBatchFailure)
            throws ProtocolException {
        JsonObject single = new JsonObject();
        single.addProperty("batch", batchId);
        JsonArray changes = new JsonArray();
        changes.add(change);
        single.add("changes", changes);
        try {
            ChangeBatch decoded = codec.decodeBatch(single.toString().getBytes(StandardCharsets.UTF_8));
            return DecodedBatch.Entry.of(decoded.changes().get(0));
        } catch (ProtocolException e) {
            String model = change.isJsonObject() ? nonEmptyString(change.getAsJsonObject().get("model")) : null;
            ItemKey key = change.isJsonObject() ? readKey(change.getAsJsonObject().get("key")) : null;
            if (model == null || key == null) {
                throw new ProtocolException(wholeBatchFailure.getMessage()
                        + " (changes[" + index + "] has no readable model and key to reject it by)", wholeBatchFailure);
            }
            return DecodedBatch.Entry.rejected(AckResult.rejected(model, key, "malformed change: " + reason(e, batchId)));
        }
    }

    /** The codec's message without the location prefix, which names the re-wrapped single-change batch. */
    private static String reason(ProtocolException e, String batchId) {
        String prefix = "change batch " + batchId + ": changes[0]: ";
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static Optional<JsonObject> parseObject(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Optional.empty();
        }
        try {
            JsonElement root = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
            return root.isJsonObject() ? Optional.of(root.getAsJsonObject()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ItemKey readKey(JsonElement key) {
        if (key == null || !key.isJsonObject()) {
            return null;
        }
        String pk = nonEmptyString(key.getAsJsonObject().get("pk"));
        JsonElement skElement = key.getAsJsonObject().get("sk");
        boolean hasSk = skElement != null && !skElement.isJsonNull();
        if (pk == null || hasSk && !(skElement.isJsonPrimitive() && skElement.getAsJsonPrimitive().isString())) {
            return null;
        }
        return new ItemKey(pk, hasSk ? skElement.getAsString() : null);
    }

    private static String nonEmptyString(JsonElement element) {
        if (element == null || !element.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (!primitive.isString() || primitive.getAsString().isBlank()) {
            return null;
        }
        return primitive.getAsString();
    }
}
