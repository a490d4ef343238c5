package dev.tether.console.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes sure the Web Console never runs with its built-in admin/admin: if no password is configured
 * for the Web Console, generates one, stores only its hash through Config Admin and prints the
 * password once. Later starts find the stored hash and print nothing.
 */
@Component(immediate = true)
public class WebConsolePasswordBootstrap {

    private static final Logger LOG = System.getLogger(WebConsolePasswordBootstrap.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 20;

    @Activate
    public WebConsolePasswordBootstrap(@Reference ConfigurationAdmin configurationAdmin) throws IOException {
        if (WebConsoleCredentials.read(configurationAdmin).isEmpty()) {
            generate(configurationAdmin);
        }
    }

    private static void generate(ConfigurationAdmin configurationAdmin) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        // "?" binds the configuration to no single bundle, so the Web Console bundle receives it.
        Configuration configuration = configurationAdmin.getConfiguration(WebConsoleCredentials.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> updated = new Hashtable<>();
        if (properties != null) {
            for (String key : java.util.Collections.list(properties.keys())) {
                updated.put(key, properties.get(key));
            }
        }
        Object username = updated.get(WebConsoleCredentials.USERNAME);
        if (username == null) {
            username = "admin";
            updated.put(WebConsoleCredentials.USERNAME, username);
        }
        updated.put(WebConsoleCredentials.PASSWORD, PasswordHash.hash(password.toString(), random));
        configuration.update(updated);
        LOG.log(Level.WARNING, "Web Console login generated: user " + username + ", password " + password
                + " (shown only this once; change it on the Web Console's Configuration page,"
                + " PID " + WebConsoleCredentials.PID + ")");
    }
}
