package dev.tether.store;

import java.util.Map;

import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

/**
 * A captured local change as the sync engine sends it.
 *
 * @param sequence the outbox sequence of the item's latest captured write
 * @param model the item's model
 * @param key the item's key
 * @param op put if the item exists now, delete if it does not
 * @param item the item's current content for a put, {@code null} for a delete
 * @param base the cloud version the device last saw for this item, {@code null} if none
 * @param hlc the HLC timestamp stamped on this write by the engine, {@code null} until stamped
 * @param capturedAtMillis when the write was captured, by the device's wall clock (epoch milliseconds)
 */
public record PendingChange(long sequence, String model, ItemKey key, Op op, Map<String, Object> item, Long base,
        String hlc, long capturedAtMillis) {

    public ItemRef ref() {
        return new ItemRef(model, key);
    }

    public PendingChange withHlc(String stamped) {
        return new PendingChange(sequence, model, key, op, item, base, stamped, capturedAtMillis);
    }
}
