package dev.tether.schema;

import java.security.SecureRandom;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Generates ULIDs (48-bit millisecond timestamp + 80 random bits, Crockford base 32, 26 chars).
 * Monotonic: within one millisecond, or when the clock steps back, the previous random part is
 * incremented instead of drawn anew, so every ULID sorts after the one before. Thread-safe.
 */
final class UlidGenerator {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int TIMESTAMP_CHARS = 10;
    private static final int RANDOM_CHARS = 16;
    private static final long RANDOM_HIGH_MASK = 0xFFFFL;

    private final LongSupplier clock;
    private final Random random;
    private long lastMillis = -1;
    /** The random part is 80 bits: the low 16 bits of randomHigh and all 64 bits of randomLow. */
    private long randomHigh;
    private long randomLow;

    UlidGenerator() {
        this(System::currentTimeMillis, new SecureRandom());
    }

    UlidGenerator(LongSupplier clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    synchronized String next() {
        long now = clock.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            randomHigh = random.nextLong() & RANDOM_HIGH_MASK;
            randomLow = random.nextLong();
        } else {
            incrementRandom();
        }
        return encode(lastMillis, randomHigh, randomLow);
    }

    private void incrementRandom() {
        randomLow++;
        if (randomLow == 0) {
            randomHigh = (randomHigh + 1) & RANDOM_HIGH_MASK;
            if (randomHigh == 0) {
                // 80 bits exhausted within one millisecond: borrow the next millisecond.
                lastMillis++;
            }
        }
    }

    static String encode(long millis, long randomHigh, long randomLow) {
        char[] text = new char[TIMESTAMP_CHARS + RANDOM_CHARS];
        for (int i = 0; i < TIMESTAMP_CHARS; i++) {
            text[i] = CROCKFORD[(int) (millis >>> (5 * (TIMESTAMP_CHARS - 1 - i))) & 31];
        }
        for (int i = 0; i < RANDOM_CHARS; i++) {
            int shift = 5 * (RANDOM_CHARS - 1 - i);
            text[TIMESTAMP_CHARS + i] = CROCKFORD[randomBits(randomHigh, randomLow, shift)];
        }
        return new String(text);
    }

    /** Five bits of the 80-bit number (randomHigh:randomLow) starting at bit {@code shift}. */
    private static int randomBits(long high, long low, int shift) {
        if (shift >= 64) {
            return (int) (high >>> (shift - 64)) & 31;
        }
        long bits = low >>> shift;
        if (shift > 59) {
            bits |= high << (64 - shift);
        }
        return (int) bits & 31;
    }

    /** The millisecond timestamp of a ULID. */
    static long timestampOf(String ulid) {
        long millis = 0;
        for (int i = 0; i < TIMESTAMP_CHARS; i++) {
            millis = (millis << 5) | new String(CROCKFORD).indexOf(ulid.charAt(i));
        }
        return millis;
    }
}
