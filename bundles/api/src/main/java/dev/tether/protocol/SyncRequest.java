package dev.tether.protocol;

/**
 * A device's catch-up request on {@code {prefix}/{device}/up/sync}, sent with an MQTT v5 response
 * topic and correlation data. The cloud answers with {@link DownChanges} pages (the last one with
 * {@code more = false}) holding every change of the device's scope and of the shared scope with a
 * version above {@code since}.
 *
 * @param since the highest cloud version the device has applied, 0 for everything
 */
public record SyncRequest(Long since) {
}
