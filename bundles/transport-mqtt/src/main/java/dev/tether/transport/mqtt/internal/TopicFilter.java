package dev.tether.transport.mqtt.internal;

/**
 * An MQTT topic filter: validation and matching against topic names, including shared
 * subscriptions ({@code $share/group/filter}), whose messages arrive under the plain topic.
 */
final class TopicFilter {

    private static final String SHARE_PREFIX = "$share/";

    private final String filter;
    private final String[] levels;

    private TopicFilter(String filter, String[] levels) {
        this.filter = filter;
        this.levels = levels;
    }

    /** Parses and validates a filter; throws IllegalArgumentException naming what is wrong. */
    static TopicFilter parse(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("topic filter must not be empty");
        }
        if (filter.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topic filter must not contain NUL: " + filter);
        }
        String matched = withoutSharePrefix(filter);
        String[] levels = matched.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole last level: " + filter);
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level: " + filter);
            }
        }
        return new TopicFilter(filter, levels);
    }

    /** Whether a message published to {@code topic} matches this filter. */
    boolean matches(String topic) {
        String[] topicLevels = topic.split("/", -1);
        if (topic.startsWith("$") && isWildcard(levels[0])) {
            return false; // [MQTT-4.7.2-1]: wildcards at the first level never match $-topics
        }
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("#")) {
                return true;
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!levels[i].equals("+") && !levels[i].equals(topicLevels[i])) {
                return false;
            }
        }
        return levels.length == topicLevels.length;
    }

    String value() {
        return filter;
    }

    @Override
    public String toString() {
        return filter;
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }

    private static String withoutSharePrefix(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        String group = groupEnd < 0 ? "" : filter.substring(SHARE_PREFIX.length(), groupEnd);
        if (group.isEmpty() || group.contains("+") || group.contains("#") || groupEnd == filter.length() - 1) {
            throw new IllegalArgumentException("shared subscription must be $share/{group}/{filter}: " + filter);
        }
        return filter.substring(groupEnd + 1);
    }
}
