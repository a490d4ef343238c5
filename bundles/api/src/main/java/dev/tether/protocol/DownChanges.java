package dev.tether.protocol;

import java.util.List;

/**
 * Changes made in the cloud, sent to {@code {prefix}/{device}/down/changes} (device-scoped items),
 * to {@code {prefix}/all/down/changes} (shared items), or as a page of a catch-up answer.
 * Changes are in increasing version order.
 *
 * @param changes the changes, in version order
 * @param cursor the highest version covered by this message; a device that applied it asks for
 *        catch-up from here
 * @param previous the cursor of the previous message of the same stream (the device's topic, the
 *        shared topic, or the previous page of one catch-up answer), 0 if there was none: a device
 *        whose last cursor of that stream differs has missed a message and asks for catch-up
 * @param more whether more messages of the same run follow at once: further pages of a catch-up
 *        answer, or of a live delivery too big for one message; false on the last one
 * @param resync only on a catch-up answer: true when the request's {@code since} is older than the
 *        cloud's tombstone horizon, so deletes since then may be forgotten and the device must do a
 *        full resync; such an answer has no changes. {@code null} means false
 * @param remaining only on a catch-up answer: an estimate of the changes still to come after this
 *        page (0 on the last page); {@code null} if unknown
 */
public record DownChanges(List<DownChange> changes, Long cursor, Long previous, Boolean more, Boolean resync,
        Long remaining) {

    /** A message without the catch-up-only fields. */
    public DownChanges(List<DownChange> changes, Long cursor, Long previous, Boolean more) {
        this(changes, cursor, previous, more, null, null);
    }

    /** The answer to a catch-up request older than the tombstone horizon. */
    public static DownChanges resyncRequired(long since) {
        return new DownChanges(List.of(), since, since, false, true, 0L);
    }

    public boolean resyncRequired() {
        return Boolean.TRUE.equals(resync);
    }

    /** The same message with the estimate of what follows it. */
    public DownChanges withRemaining(long estimate) {
        return new DownChanges(changes, cursor, previous, more, resync, estimate);
    }
}
