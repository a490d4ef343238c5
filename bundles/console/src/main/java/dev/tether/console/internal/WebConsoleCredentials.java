package dev.tether.console.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The Web Console's user name and password (hash) as configured in Config Admin. */
record WebConsoleCredentials(String username, String password) {

    static final String PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    private static final String DEFAULT_USERNAME = "admin";

    /** Empty if no password is configured: then no login is possible through Tether. */
    static Optional<WebConsoleCredentials> read(ConfigurationAdmin admin) throws IOException {
        Dictionary<String, Object> properties = properties(admin);
        if (properties == null || properties.get(PASSWORD) == null || String.valueOf(properties.get(PASSWORD)).isBlank()) {
            return Optional.empty();
        }
        Object username = properties.get(USERNAME);
        return Optional.of(new WebConsoleCredentials(username == null ? DEFAULT_USERNAME : String.valueOf(username),
                String.valueOf(properties.get(PASSWORD))));
    }

    static Dictionary<String, Object> properties(ConfigurationAdmin admin) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + PID + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean accepts(String user, String candidatePassword) {
        return username.equals(user) & PasswordHash.matches(password, candidatePassword);
    }
}
