package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class PageLimitsTest {

    private final PageLimits limits = new PageLimits(50, 200);

    @Test
    public void theDefaultAppliesWithoutALimitAndTheMaximumCapsAny() {
        assertEquals(50, limits.limit(null));
        assertEquals(10, limits.limit("10"));
        assertEquals(200, limits.limit("100000"));
        assertEquals(5, new PageLimits(50, 5).limit(null));
    }

    @Test
    public void aBadLimitIsRefusedWithTheReason() {
        assertEquals("limit must be at least 1, not 0", assertThrows(IllegalArgumentException.class, () -> limits.limit("0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> limits.limit("ten"));
        assertThrows(IllegalArgumentException.class, () -> PageLimits.offset("x"));
        assertEquals(0, PageLimits.offset(null));
        assertEquals(40, PageLimits.offset("40"));
    }
}
