package dev.tether.protocol;

/**
 * A device's catch-up request on {@code {prefix}/{device}/up/sync}, sent with an MQTT v5 response
 * topic and correlation data. The cloud answers with {@link DownChanges} pages (the last one with
 * {@code more = false}) holding every change of the device's scope above the device stream's cursor
 * and of the shared scope above the shared stream's cursor ({@code since} for both when they are not
 * given). If {@code since} is older than the cloud's tombstone horizon (deletes
 * after it may be forgotten), the only page says {@link DownChanges#resync() resync} instead.
 *
 * <p>A full resync ({@code full = true}) asks for every live item of both scopes, whatever
 * {@code since} says, plus the deletes made while the answer is being read; the device removes the
 * items it holds that the answer did not name.
 *
 * @param since the highest cloud version the device has applied, 0 for everything
 * @param full whether this is a full resync; {@code null} means false
 * @param device the cursor of the device's own stream, if it is above {@code since}: the cloud checks
 *        it against the tombstone horizon of the device's scope; {@code null}: {@code since}
 * @param shared the cursor of the all-devices stream, checked against the horizon of the shared
 *        scope; {@code null}: {@code since}
 */
public record SyncRequest(Long since, Boolean full, Long device, Long shared) {

    /** A catch-up request from {@code since}. */
    public SyncRequest(Long since) {
        this(since, null, null, null);
    }

    /** A catch-up request of a device whose two streams have these cursors. */
    public static SyncRequest catchUp(long deviceCursor, long sharedCursor) {
        return new SyncRequest(Math.min(deviceCursor, sharedCursor), null, deviceCursor, sharedCursor);
    }

    /** A full resync request. */
    public static SyncRequest fullResync() {
        return new SyncRequest(0L, Boolean.TRUE, null, null);
    }

    /** The cursor of the device's own stream. */
    public long deviceCursor() {
        return device == null ? since : Math.max(since, device);
    }

    /** The cursor of the all-devices stream. */
    public long sharedCursor() {
        return shared == null ? since : Math.max(since, shared);
    }

    public boolean isFullResync() {
        return Boolean.TRUE.equals(full);
    }
}
