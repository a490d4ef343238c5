package dev.tether.cloudstore;

import java.util.List;

/** Where {@link CloudStore#fanOut} delivers new changes: the change feed to the devices. */
@FunctionalInterface
public interface FanOutSink {

    /**
     * Delivers one scope's new changes.
     *
     * @param scope a device id or {@link CloudStore#SHARED_SCOPE}
     * @param changes the changes, in version order, never empty
     * @param previous the cursor of the last message sent to this scope's stream, 0 if none
     * @return true if a message was sent (the scope's cursor becomes the last change's version);
     *         false if nothing of it concerned the devices (the cursor stays)
     * @throws Exception if delivery failed: the fan-out does not advance
     */
    boolean deliver(String scope, List<CloudItem> changes, long previous) throws Exception;
}
