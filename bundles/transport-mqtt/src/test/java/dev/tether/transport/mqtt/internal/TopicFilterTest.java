package dev.tether.transport.mqtt.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TopicFilterTest {

    @Test
    public void exactFilterMatchesOnlyItsTopic() {
        TopicFilter filter = TopicFilter.parse("tether/dev1/down/ack");
        assertTrue(filter.matches("tether/dev1/down/ack"));
        assertFalse(filter.matches("tether/dev1/down"));
        assertFalse(filter.matches("tether/dev1/down/ack/x"));
    }

    @Test
    public void plusMatchesOneLevel() {
        TopicFilter filter = TopicFilter.parse("tether/+/down/changes");
        assertTrue(filter.matches("tether/dev1/down/changes"));
        assertTrue(filter.matches("tether/all/down/changes"));
        assertFalse(filter.matches("tether/a/b/down/changes"));
        assertTrue(TopicFilter.parse("a/+").matches("a/"));
    }

    @Test
    public void hashMatchesTheParentAndEverythingBelow() {
        TopicFilter filter = TopicFilter.parse("tether/dev1/#");
        assertTrue(filter.matches("tether/dev1"));
        assertTrue(filter.matches("tether/dev1/down/ack"));
        assertFalse(filter.matches("tether/dev2/down/ack"));
        assertTrue(TopicFilter.parse("#").matches("any/thing"));
    }

    @Test
    public void wildcardsAtTheFirstLevelSkipDollarTopics() {
        assertFalse(TopicFilter.parse("#").matches("$SYS/broker/uptime"));
        assertFalse(TopicFilter.parse("+/broker/uptime").matches("$SYS/broker/uptime"));
        assertTrue(TopicFilter.parse("$SYS/#").matches("$SYS/broker/uptime"));
    }

    @Test
    public void sharedSubscriptionMatchesThePlainTopic() {
        TopicFilter filter = TopicFilter.parse("$share/tether-cloud/tether/+/up/changes");
        assertTrue(filter.matches("tether/dev1/up/changes"));
        assertFalse(filter.matches("tether/dev1/up/sync"));
        assertTrue(filter.toString().startsWith("$share/"));
    }

    @Test
    public void invalidFiltersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(""));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(null));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/#/b"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/b#"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/b+/c"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("$share/group"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("$share//a"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("$share/g+/a"));
    }
}
