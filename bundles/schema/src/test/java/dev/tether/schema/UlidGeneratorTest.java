package dev.tether.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.junit.Test;

public class UlidGeneratorTest {

    private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    @Test
    public void encodesTimestampAndCrockfordAlphabet() {
        UlidGenerator generator = new UlidGenerator(() -> 1_700_000_000_123L, new Random(1));
        String ulid = generator.next();
        assertTrue(ulid, ULID.matcher(ulid).matches());
        assertEquals(1_700_000_000_123L, UlidGenerator.timestampOf(ulid));
        assertEquals("00000000000000000000000000", UlidGenerator.encode(0, 0, 0));
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", UlidGenerator.encode(0xFFFF_FFFF_FFFFL, 0xFFFF, -1L));
        assertEquals("0000000000000000000000000Z", UlidGenerator.encode(0, 0, 31));
        assertEquals("00000000000000000000000010", UlidGenerator.encode(0, 0, 32));
        // Bit 64 of the random part straddles the high and low words.
        assertEquals("0000000000000G000000000000", UlidGenerator.encode(0, 1, 0));
    }

    @Test
    public void isMonotonicWithinOneMillisecond() {
        UlidGenerator generator = new UlidGenerator(() -> 42L, new Random(7));
        String previous = generator.next();
        Set<String> seen = new HashSet<>(Set.of(previous));
        for (int i = 0; i < 10_000; i++) {
            String next = generator.next();
            assertTrue(next + " must sort after " + previous, next.compareTo(previous) > 0);
            assertEquals(42L, UlidGenerator.timestampOf(next));
            assertTrue(seen.add(next));
            previous = next;
        }
    }

    @Test
    public void staysMonotonicWhenTheClockStepsBack() {
        AtomicLong clock = new AtomicLong(5_000);
        UlidGenerator generator = new UlidGenerator(clock::get, new Random(3));
        String beforeStepBack = generator.next();
        clock.set(4_000);
        String afterStepBack = generator.next();
        assertTrue(afterStepBack.compareTo(beforeStepBack) > 0);
        clock.set(6_000);
        String later = generator.next();
        assertTrue(later.compareTo(afterStepBack) > 0);
        assertEquals(6_000L, UlidGenerator.timestampOf(later));
    }

    @Test
    public void borrowsTheNextMillisecondWhenRandomBitsOverflow() {
        Random allOnes = new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public long nextLong() {
                return -1L;
            }
        };
        UlidGenerator generator = new UlidGenerator(() -> 100L, allOnes);
        String maximum = generator.next();
        assertEquals("0000000034ZZZZZZZZZZZZZZZZ", maximum);
        String overflowed = generator.next();
        assertTrue(overflowed.compareTo(maximum) > 0);
        assertEquals(101L, UlidGenerator.timestampOf(overflowed));
    }

    @Test
    public void distinctMillisecondsSortByTime() {
        AtomicLong clock = new AtomicLong(1_000);
        UlidGenerator generator = new UlidGenerator(clock::getAndIncrement, new Random(9));
        String previous = generator.next();
        for (int i = 0; i < 1_000; i++) {
            String next = generator.next();
            assertTrue(next.compareTo(previous) > 0);
            previous = next;
        }
    }
}
