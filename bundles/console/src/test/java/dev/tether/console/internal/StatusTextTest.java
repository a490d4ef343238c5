package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The shell's status lines for the lag and the catch-up progress. */
public class StatusTextTest {

    @Test
    public void aRunningFullResyncShowsPagesItemsAndWhatIsLeft() {
        Map<String, Object> progress = progress("full-resync", true, null, 3, 1200, 800L);

        assertEquals("full-resync running: 3 pages, 1200 items, about 800 left", StatusText.progress(progress));
    }

    @Test
    public void aFinishedCatchUpShowsWhenItEndedAndAGivenUpOneSaysSo() {
        assertEquals("catch-up done 2026-03-01T10:00:00Z: 1 pages, 0 items",
                StatusText.progress(progress("catch-up", false, "2026-03-01T10:00:00Z", 1, 0, 0L)));
        assertEquals("catch-up given up: 2 pages, 40 items",
                StatusText.progress(progress("catch-up", false, null, 2, 40, null)));
        assertEquals("catch-up running: 0 pages, 0 items, rest unknown",
                StatusText.progress(progress("catch-up", true, null, 0, 0, null)));
        assertEquals("none since start", StatusText.progress(null));
    }

    @Test
    public void theStatusLinesShowTheLagInMillisecondsAndTheProgress() {
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("oldestPendingAgeMillis", Map.of("available", true, "value", 1500L));
        sync.put("resyncProgress", available(progress("catch-up", true, null, 2, 10, 5L)));
        Map<String, Object> connection = new HashMap<>();
        Map<String, Object> status = Map.of("connection", connection, "sync", sync, "models", List.of());

        String text = new StatusText(new JsonCodec()).render(status);

        assertEquals(text, true, text.contains("oldest pending         1500 ms"));
        assertEquals(text, true, text.contains("resync progress        catch-up running: 2 pages, 10 items, about 5 left"));
    }

    private static Map<String, Object> available(Object value) {
        Map<String, Object> feature = new HashMap<>();
        feature.put("available", true);
        feature.put("value", value);
        return feature;
    }

    private static Map<String, Object> progress(String kind, boolean running, String finishedAt, int pages, long items,
            Long left) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("kind", kind);
        progress.put("running", running);
        progress.put("startedAt", "2026-03-01T09:59:00Z");
        progress.put("finishedAt", finishedAt);
        progress.put("pagesDone", pages);
        progress.put("itemsDone", items);
        progress.put("itemsLeft", left);
        return progress;
    }
}
