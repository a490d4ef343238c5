package dev.tether.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Passwords in the form the Felix Web Console keeps them in its configuration:
 * {@code {sha-256}salt-iterations-base64(hash)}, where the hash is the digest of salt + password
 * applied {@code iterations} times. Older forms without salt or iterations and plain text are read too.
 */
final class PasswordHash {

    private static final String ALGORITHM = "sha-256";
    private static final int ITERATIONS = 1000;
    private static final int SALT_BYTES = 8;

    private PasswordHash() {
    }

    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String saltText = HexFormat.of().formatHex(salt);
        return "{" + ALGORITHM + "}" + saltText + "-" + ITERATIONS + "-" + digest(ALGORITHM, saltText, password, ITERATIONS);
    }

    static boolean matches(String stored, String candidate) {
        if (stored == null || candidate == null) {
            return false;
        }
        int end = stored.startsWith("{") ? stored.indexOf('}') : -1;
        if (end < 0) {
            return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }
        String algorithm = stored.substring(1, end);
        String[] parts = stored.substring(end + 1).split("-", -1);
        String salt = parts.length > 1 ? parts[0] : "";
        int iterations = parts.length > 2 ? parseIterations(parts[1]) : 1;
        String expected = parts[parts.length - 1];
        try {
            String actual = digest(algorithm, salt, candidate, iterations);
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static int parseIterations(String text) {
        try {
            return Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String digest(String algorithm, String salt, String password, int iterations) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
            return Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no " + algorithm + " digest", e);
        }
    }
}
