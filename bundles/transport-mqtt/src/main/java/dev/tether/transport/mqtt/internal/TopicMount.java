package dev.tether.transport.mqtt.internal;

/**
 * The transport's topic prefix: prepended to every topic and filter on the wire and removed from
 * every topic received, so callers never see it. A shared subscription keeps its
 * {@code $share/group/} in front.
 */
final class TopicMount {

    private static final String SHARE = "$share/";

    private final String prefix;

    /** @param prefix empty for none, else topic levels without leading or trailing slash, e.g. {@code site-a} */
    TopicMount(String prefix) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    String topic(String topic) {
        return prefix + topic;
    }

    String filter(String filter) {
        if (prefix.isEmpty() || !filter.startsWith(SHARE)) {
            return prefix + filter;
        }
        int groupEnd = filter.indexOf('/', SHARE.length());
        return filter.substring(0, groupEnd + 1) + prefix + filter.substring(groupEnd + 1);
    }

    /** The topic as callers know it; a topic outside the prefix is returned as it is. */
    String unmount(String topic) {
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    }

    static String checked(String prefix) {
        String value = prefix == null ? "" : prefix.trim();
        if (value.startsWith("/") || value.endsWith("/") || value.contains("+") || value.contains("#")
                || value.startsWith("$")) {
            throw new IllegalArgumentException(
                    "topicPrefix must be topic levels without wildcards, '$' or leading/trailing '/': " + prefix);
        }
        return value;
    }
}
