package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's down cursors and last HLC as the store's sync state holds them: the highest cloud
 * version up to which the device has every change of its own stream and of the all-devices stream
 * (0 before the first), and the last hybrid logical clock reading ({@code null} before the first).
 */
final class SyncCursors {

    static final String DEVICE_STREAM = "down.cursor.device";
    static final String SHARED_STREAM = "down.cursor.shared";
    static final String LAST_HLC = "hlc.last";

    private SyncCursors() {
    }

    static Map<String, Object> from(Map<String, String> syncState) {
        Map<String, Object> cursors = new LinkedHashMap<>();
        cursors.put("downDevice", version(syncState.get(DEVICE_STREAM)));
        cursors.put("downShared", version(syncState.get(SHARED_STREAM)));
        cursors.put("lastHlc", syncState.get(LAST_HLC));
        return cursors;
    }

    private static Object version(String value) {
        if (value == null) {
            return 0L;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
