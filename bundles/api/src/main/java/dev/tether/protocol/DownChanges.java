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
 */
public record DownChanges(List<DownChange> changes, Long cursor, Long previous, Boolean more) {
}
