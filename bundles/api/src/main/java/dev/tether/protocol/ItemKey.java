package dev.tether.protocol;

import java.util.Objects;

/**
 * The primary key of an item: the hash key and, for models with a sort key, the sort key. On the
 * wire it is {@code {"pk": "...", "sk": "..."}} whatever the schema calls its key attributes.
 */
public record ItemKey(String pk, String sk) implements Comparable<ItemKey> {

    public ItemKey {
        if (pk == null || pk.isEmpty()) {
            throw new IllegalArgumentException("'key.pk' is missing: an item key needs a non-empty hash key");
        }
    }

    public static ItemKey of(String pk) {
        return new ItemKey(pk, null);
    }

    @Override
    public int compareTo(ItemKey other) {
        int byPk = pk.compareTo(other.pk);
        if (byPk != 0) {
            return byPk;
        }
        return Objects.compare(sk, other.sk, (a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b));
    }

    @Override
    public String toString() {
        return sk == null ? pk : pk + " / " + sk;
    }
}
