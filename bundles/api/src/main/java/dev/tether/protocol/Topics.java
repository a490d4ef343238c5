package dev.tether.protocol;

import java.util.Optional;

/** The topic layout of the sync protocol under a configurable prefix (default {@code tether}). */
public final class Topics {

    public static final String DEFAULT_PREFIX = "tether";
    public static final String SHARED_GROUP = "tether-cloud";
    public static final String ALL_DEVICES = "all";

    private final String prefix;

    public Topics(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("/") || prefix.endsWith("/") || prefix.startsWith("$")) {
            throw new IllegalArgumentException("invalid topic prefix '" + prefix
                    + "': it must be non-empty, must not start with '$' or '/', end with '/' or contain wildcards");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String upChanges(String device) {
        return prefix + "/" + checkedDevice(device) + "/up/changes";
    }

    public String downAck(String device) {
        return prefix + "/" + checkedDevice(device) + "/down/ack";
    }

    public String downChanges(String device) {
        return prefix + "/" + checkedDevice(device) + "/down/changes";
    }

    public String upSync(String device) {
        return prefix + "/" + checkedDevice(device) + "/up/sync";
    }

    /** Where a device receives the pages answering its catch-up requests (the requests' response topic). */
    public String downSync(String device) {
        return prefix + "/" + checkedDevice(device) + "/down/sync";
    }

    public String allDownChanges() {
        return prefix + "/" + ALL_DEVICES + "/down/changes";
    }

    /** The filter the cloud instances share so that each batch is handled by exactly one of them. */
    public String sharedUpChangesFilter() {
        return "$share/" + SHARED_GROUP + "/" + prefix + "/+/up/changes";
    }

    /** The device id in a topic of this layout, if the topic belongs to it. */
    public Optional<String> deviceOf(String topic) {
        String start = prefix + "/";
        if (topic == null || !topic.startsWith(start)) {
            return Optional.empty();
        }
        int end = topic.indexOf('/', start.length());
        if (end <= start.length()) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(start.length(), end));
    }

    /** Checks that a device id can be a single topic level and is not the reserved "all". */
    public static String checkedDevice(String device) {
        if (device == null || device.isBlank() || device.contains("/") || device.contains("+")
                || device.contains("#") || device.startsWith("$") || ALL_DEVICES.equals(device)) {
            throw new IllegalArgumentException("invalid device id '" + device
                    + "': it must be non-empty, must not contain '/', '+', '#', start with '$' or be 'all'");
        }
        return device;
    }
}
