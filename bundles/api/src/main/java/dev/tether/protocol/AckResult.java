package dev.tether.protocol;

import java.util.Map;

/**
 * The cloud's result for one change of a batch.
 *
 * @param model the change's model
 * @param key the change's item key
 * @param status applied, duplicate, conflict or rejected
 * @param version the item's cloud version after this change ({@code null} when rejected)
 * @param winner for a conflict, the item that won ({@code null} when the winner is a delete)
 * @param error for a rejection, the reason
 * @param winnerOrigin for a conflict, who wrote the winning write (a device id, or the cloud writer's name);
 *        {@code null} from clouds that do not send it
 * @param winnerHlc for a conflict, the winning write's HLC; {@code null} from clouds that do not send it
 */
public record AckResult(String model, ItemKey key, AckStatus status, Long version,
        Map<String, Object> winner, String error, String winnerOrigin, String winnerHlc) {

    /** A result without the winner's origin and HLC. */
    public AckResult(String model, ItemKey key, AckStatus status, Long version, Map<String, Object> winner, String error) {
        this(model, key, status, version, winner, error, null, null);
    }

    public static AckResult applied(String model, ItemKey key, long version) {
        return new AckResult(model, key, AckStatus.APPLIED, version, null, null);
    }

    public static AckResult duplicate(String model, ItemKey key, long version) {
        return new AckResult(model, key, AckStatus.DUPLICATE, version, null, null);
    }

    /** A conflict settled: {@code winner} is the item as it is now, {@code null} when the winner is a delete. */
    public static AckResult conflict(String model, ItemKey key, long version, Map<String, Object> winner) {
        return new AckResult(model, key, AckStatus.CONFLICT, version, winner, null);
    }

    /** A conflict settled, naming who wrote the winning write and its HLC. */
    public static AckResult conflict(String model, ItemKey key, long version, Map<String, Object> winner,
            String winnerOrigin, String winnerHlc) {
        return new AckResult(model, key, AckStatus.CONFLICT, version, winner, null, winnerOrigin, winnerHlc);
    }

    public static AckResult rejected(String model, ItemKey key, String error) {
        return new AckResult(model, key, AckStatus.REJECTED, null, null, error);
    }
}
