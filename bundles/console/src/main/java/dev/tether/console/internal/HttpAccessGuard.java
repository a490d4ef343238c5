package dev.tether.console.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Who may call the HTTP API: requests that reach the gateway on a loopback address pass unless the
 * console is configured to always authenticate; all others need the Web Console's user and
 * password (HTTP Basic). State-changing requests from a browser must carry {@link #CSRF_HEADER}
 * and come from the gateway's own origin (see {@link CsrfCheck}).
 */
final class HttpAccessGuard {

    static final String CSRF_HEADER = CsrfCheck.HEADER;

    /** Why a request was refused, as an API response; empty if it may proceed. */
    record Decision(Optional<ApiResponse> refusal, boolean challenge) {
        static Decision allow() {
            return new Decision(Optional.empty(), false);
        }
    }

    /** What the guard needs to know of a request. */
    interface RequestView {
        String method();

        String localAddress();

        String header(String name);
    }

    private static final Set<String> AUTH_MODES = Set.of("loopback", "always");

    private final ConfigurationAdmin configurationAdmin;

    HttpAccessGuard(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    Decision check(RequestView request, String authenticationMode) {
        String mode = AUTH_MODES.contains(authenticationMode) ? authenticationMode : "always";
        boolean needsLogin = mode.equals("always") || !isLoopback(request.localAddress());
        if (needsLogin && !authenticated(request.header("Authorization"))) {
            return new Decision(Optional.of(ApiResponse.error(401,
                    "log in with the Web Console user and password (HTTP Basic)")), true);
        }
        return CsrfCheck.check(request.method(), request.header("Origin"), request.header("Host"), request.header(CSRF_HEADER))
                .map(message -> new Decision(Optional.of(ApiResponse.error(403, message)), false))
                .orElse(Decision.allow());
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        try {
            return WebConsoleCredentials.read(configurationAdmin)
                    .map(credentials -> credentials.accepts(decoded.substring(0, colon), decoded.substring(colon + 1)))
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            // a literal address: no name lookup happens
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
