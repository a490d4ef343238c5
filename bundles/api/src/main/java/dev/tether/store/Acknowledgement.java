package dev.tether.store;

/**
 * The cloud accepted a pending change (applied, duplicate, or settled a conflict).
 *
 * @param change the change as it was sent
 * @param version the item's cloud version now; the store keeps it as the base of the next change
 */
public record Acknowledgement(PendingChange change, long version) {
}
