package dev.tether.store.derby.internal;

import java.util.Locale;

/** Whether Derby syncs to disk on commit. */
enum Durability {
    /** Every commit is on disk (Derby's default). */
    FULL,
    /** No fsync ({@code derby.system.durability=test}): fast, but a crash may lose or corrupt data. For tests. */
    TEST;

    static Durability fromConfiguration(String value) {
        for (Durability durability : values()) {
            if (durability.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return durability;
            }
        }
        throw new IllegalArgumentException("durability must be 'full' or 'test', not '" + value + "'");
    }
}
