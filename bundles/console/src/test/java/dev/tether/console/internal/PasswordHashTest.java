package dev.tether.console.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Test;

public class PasswordHashTest {

    /** The Web Console's own default, the unsalted SHA-256 of "admin". */
    private static final String WEB_CONSOLE_DEFAULT = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";

    @Test
    public void readsTheWebConsolesUnsaltedForm() {
        assertTrue(PasswordHash.matches(WEB_CONSOLE_DEFAULT, "admin"));
        assertFalse(PasswordHash.matches(WEB_CONSOLE_DEFAULT, "Admin"));
    }

    @Test
    public void aGeneratedHashIsSaltedIteratedAndMatchesOnlyItsPassword() {
        SecureRandom random = new SecureRandom();
        String first = PasswordHash.hash("s3cret", random);
        String second = PasswordHash.hash("s3cret", random);

        assertTrue(first, first.matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/=]{44}"));
        assertNotEquals("a fresh salt each time", first, second);
        assertTrue(PasswordHash.matches(first, "s3cret"));
        assertTrue(PasswordHash.matches(second, "s3cret"));
        assertFalse(PasswordHash.matches(first, "s3cret "));
    }

    @Test
    public void plainTextAndUnusableValuesAreHandled() {
        assertTrue(PasswordHash.matches("plain", "plain"));
        assertFalse(PasswordHash.matches("plain", "other"));
        assertFalse(PasswordHash.matches("{sha-256}unusable", "unusable"));
        assertFalse(PasswordHash.matches("{no-such-digest}abc", "abc"));
        assertFalse(PasswordHash.matches(null, "x"));
    }
}
