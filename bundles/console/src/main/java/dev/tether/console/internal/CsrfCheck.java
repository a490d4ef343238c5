package dev.tether.console.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery protection for requests that change state (PUT, POST, DELETE). A
 * request with an {@code Origin} header comes from a browser: it must name this gateway as its
 * origin and carry the {@link #HEADER} header, which a page from elsewhere cannot add without a
 * CORS preflight that the gateway never grants. Scripts and shell tools send no Origin and pass.
 */
final class CsrfCheck {

    static final String HEADER = "X-Tether-Request";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private CsrfCheck() {
    }

    /** The reason to refuse the request, or empty if it may proceed. */
    static Optional<String> check(String method, String origin, String host, String csrfHeader) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT)) || origin == null) {
            return Optional.empty();
        }
        if (host == null || !host.equalsIgnoreCase(authority(origin))) {
            return Optional.of("cross-origin request refused: origin " + origin + " is not this gateway");
        }
        if (csrfHeader == null || csrfHeader.isBlank()) {
            return Optional.of("a browser request that changes state must carry the " + HEADER + " header");
        }
        return Optional.empty();
    }

    private static String authority(String origin) {
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority == null ? "" : authority;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
