package dev.tether.itests.console;

import static org.junit.Assert.assertTrue;

/** Text assertions that show the whole text when they fail. */
final class Expect {

    private Expect() {
    }

    static void assertContains(String text, String expected) {
        assertContains("", text, expected);
    }

    static void assertContains(String message, String text, String expected) {
        assertTrue(message + " expected to contain <" + expected + "> but was:\n" + text, text != null && text.contains(expected));
    }

    static void assertLacks(String message, String text, String unexpected) {
        assertTrue(message + " expected not to contain <" + unexpected + "> but was:\n" + text, text == null || !text.contains(unexpected));
    }
}
