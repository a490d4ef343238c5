package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class SyncCursorsTest {

    @Test
    public void theDownCursorsAreVersionsAndTheLastHlcIsShownAsStored() {
        Map<String, Object> cursors = SyncCursors.from(Map.of("down.cursor.device", "12", "down.cursor.shared", "40",
                "hlc.last", "0001732600000000-0003", "other", "ignored"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("downDevice", 12L);
        expected.put("downShared", 40L);
        expected.put("lastHlc", "0001732600000000-0003");
        assertEquals(expected, cursors);
    }

    @Test
    public void beforeTheFirstChangeFromTheCloudTheCursorsAreZero() {
        Map<String, Object> cursors = SyncCursors.from(Map.of());

        assertEquals(0L, cursors.get("downDevice"));
        assertEquals(0L, cursors.get("downShared"));
        assertEquals(null, cursors.get("lastHlc"));
    }
}
