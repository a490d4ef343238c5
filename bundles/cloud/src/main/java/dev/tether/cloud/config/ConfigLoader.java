package dev.tether.cloud.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.tether.protocol.Topics;

/**
 * Reads the configuration from a properties file (UTF-8) and the environment. For each property an
 * environment variable {@code TETHER_CLOUD_<KEY IN UPPER SNAKE CASE>} wins over the file, the file
 * over the default. A blank value counts as not set. Unknown property names in the file are an error
 * (a typo must not silently fall back to a default); other {@code TETHER_CLOUD_*} variables are
 * ignored, since launchers use that prefix for their own settings.
 */
public final class ConfigLoader {

    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());
    private static final Set<String> BROKER_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final long MAX_EXPIRY_SECONDS = 4_294_967_295L; // MQTT v5 four-byte integer

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Loads the file if there is one, then applies the environment and validates everything. */
    public CloudConfig load(Optional<Path> file) {
        Properties properties = new Properties();
        String source = "defaults";
        if (file.isPresent()) {
            Path path = file.get();
            source = path.toString();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read the configuration file " + path + ": " + e, e);
            }
        }
        return fromProperties(properties, source);
    }

    /** Applies the environment to the given properties and validates everything. */
    public CloudConfig fromProperties(Properties properties, String source) {
        rejectUnknownKeys(properties, source);
        logIgnoredVariables();
        Values values = new Values(properties, source);

        boolean embedded = values.bool(CloudProperty.BROKER_EMBEDDED);
        Optional<String> brokerUri = values.optional(CloudProperty.BROKER_URI);
        if (embedded && brokerUri.isPresent()) {
            throw new ConfigException(CloudProperty.BROKER_URI.key() + " is set (" + values.origin(CloudProperty.BROKER_URI)
                    + ") but " + CloudProperty.BROKER_EMBEDDED.key() + " is true: set " + CloudProperty.BROKER_EMBEDDED.key()
                    + "=false to use an external broker, or remove " + CloudProperty.BROKER_URI.key());
        }
        if (!embedded && brokerUri.isEmpty()) {
            throw new ConfigException(CloudProperty.BROKER_URI.key() + " is required when " + CloudProperty.BROKER_EMBEDDED.key()
                    + " is false (set it in the file or with " + CloudProperty.BROKER_URI.environmentVariable() + ")");
        }
        brokerUri.ifPresent(uri -> checkBrokerUri(uri, values));

        String httpHost = values.required(CloudProperty.HTTP_HOST);
        Optional<String> httpToken = values.optional(CloudProperty.HTTP_TOKEN);
        if (httpToken.isEmpty() && !isLoopback(httpHost)) {
            throw new ConfigException(CloudProperty.HTTP_HOST.key() + " is '" + httpHost + "' (" + values.origin(CloudProperty.HTTP_HOST)
                    + ") but no " + CloudProperty.HTTP_TOKEN.key() + " is set: the HTTP API may listen beyond loopback only with a token"
                    + " (set " + CloudProperty.HTTP_TOKEN.key() + " or " + CloudProperty.HTTP_TOKEN.environmentVariable() + ")");
        }
        Optional<String> storeUrl = values.optional(CloudProperty.STORE_URL);
        storeUrl.ifPresent(url -> checkStoreUrl(url, values));
        return new CloudConfig(
                embedded,
                values.required(CloudProperty.BROKER_HOST),
                values.port(CloudProperty.BROKER_PORT),
                brokerUri,
                values.optional(CloudProperty.BROKER_USERNAME),
                values.optional(CloudProperty.BROKER_PASSWORD),
                values.topicPrefix(CloudProperty.TOPIC_PREFIX),
                values.required(CloudProperty.CLIENT_ID),
                values.seconds(CloudProperty.SESSION_EXPIRY_SECONDS, 0),
                values.seconds(CloudProperty.ACK_EXPIRY_SECONDS, 1),
                values.path(CloudProperty.DATA_DIR),
                httpHost,
                values.port(CloudProperty.HTTP_PORT),
                httpToken,
                storeUrl,
                values.optional(CloudProperty.STORE_USERNAME),
                values.optional(CloudProperty.STORE_PASSWORD),
                (int) values.range(CloudProperty.STORE_POOL_SIZE, 1, 1000),
                values.optional(CloudProperty.SCHEMA_PATH).map(path -> values.path(CloudProperty.SCHEMA_PATH)),
                values.range(CloudProperty.FEED_INTERVAL_MILLIS, 10, 3_600_000),
                (int) values.range(CloudProperty.DOWN_MAX_BYTES, 1024, 268_435_455),
                values.seconds(CloudProperty.TOMBSTONE_HORIZON_SECONDS, 1),
                values.seconds(CloudProperty.TOMBSTONE_PURGE_INTERVAL_SECONDS, 1));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void checkStoreUrl(String url, Values values) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:derby:")) {
            throw new ConfigException(CloudProperty.STORE_URL.key() + " (" + values.origin(CloudProperty.STORE_URL)
                    + ") must be a jdbc:postgresql:… (or jdbc:derby:…) URL, not '" + url + "'");
        }
    }

    private static void rejectUnknownKeys(Properties properties, String source) {
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (CloudProperty.byKey(key).isEmpty()) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String known = Arrays.stream(CloudProperty.values()).map(CloudProperty::key).collect(Collectors.joining(", "));
            throw new ConfigException("unknown propert" + (unknown.size() == 1 ? "y " : "ies ")
                    + unknown.stream().map(key -> "'" + key + "'").collect(Collectors.joining(", "))
                    + " in " + source + "; known properties: " + known);
        }
    }

    private void logIgnoredVariables() {
        Set<String> known = Arrays.stream(CloudProperty.values()).map(CloudProperty::environmentVariable).collect(Collectors.toSet());
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(CloudProperty.ENV_PREFIX) && !known.contains(name)) {
                LOG.log(System.Logger.Level.INFO, "Environment variable {0} names no configuration property: ignored", name);
            }
        }
    }

    private static void checkBrokerUri(String uri, Values values) {
        String where = CloudProperty.BROKER_URI.key() + " (" + values.origin(CloudProperty.BROKER_URI) + ")";
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException(where + " is not a valid URI: '" + uri + "'", e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!BROKER_SCHEMES.contains(scheme) || parsed.getHost() == null) {
            throw new ConfigException(where + " must look like tcp://host:1883 (schemes: tcp, ssl, ws, wss), not '" + uri + "'");
        }
    }

    /** The effective value of each property and where it came from. */
    private final class Values {

        private final Properties properties;
        private final String source;

        Values(Properties properties, String source) {
            this.properties = properties;
            this.source = source;
        }

        Optional<String> optional(CloudProperty property) {
            String fromEnvironment = environment.get(property.environmentVariable());
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return Optional.of(fromEnvironment.trim());
            }
            String fromFile = properties.getProperty(property.key());
            if (fromFile != null && !fromFile.isBlank()) {
                return Optional.of(fromFile.trim());
            }
            return property.defaultValue();
        }

        String origin(CloudProperty property) {
            String fromEnvironment = environment.get(property.environmentVariable());
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return "from environment variable " + property.environmentVariable();
            }
            String fromFile = properties.getProperty(property.key());
            if (fromFile != null && !fromFile.isBlank()) {
                return "from " + source;
            }
            return "default";
        }

        String required(CloudProperty property) {
            return optional(property).orElseThrow(() -> new ConfigException(property.key() + " must not be empty ("
                    + origin(property) + ")"));
        }

        boolean bool(CloudProperty property) {
            String value = required(property);
            if ("true".equalsIgnoreCase(value)) {
                return true;
            }
            if ("false".equalsIgnoreCase(value)) {
                return false;
            }
            throw invalid(property, value, "must be true or false");
        }

        int port(CloudProperty property) {
            long port = number(property, "must be a port number from 0 (any free port) to 65535");
            if (port < 0 || port > 65_535) {
                throw invalid(property, required(property), "must be a port number from 0 (any free port) to 65535");
            }
            return (int) port;
        }

        long seconds(CloudProperty property, long minimum) {
            String rule = "must be a number of seconds from " + minimum + " to " + MAX_EXPIRY_SECONDS;
            long seconds = number(property, rule);
            if (seconds < minimum || seconds > MAX_EXPIRY_SECONDS) {
                throw invalid(property, required(property), rule);
            }
            return seconds;
        }

        String topicPrefix(CloudProperty property) {
            String prefix = required(property);
            try {
                return new Topics(prefix).prefix();
            } catch (IllegalArgumentException e) {
                throw invalid(property, prefix, "is not a valid topic prefix: " + e.getMessage());
            }
        }

        Path path(CloudProperty property) {
            String value = required(property);
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw invalid(property, value, "is not a valid path: " + e.getMessage());
            }
        }

        long range(CloudProperty property, long minimum, long maximum) {
            String rule = "must be a whole number from " + minimum + " to " + maximum;
            long value = number(property, rule);
            if (value < minimum || value > maximum) {
                throw invalid(property, required(property), rule);
            }
            return value;
        }

        private long number(CloudProperty property, String rule) {
            String value = required(property);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(property, value, rule);
            }
        }

        private ConfigException invalid(CloudProperty property, String value, String rule) {
            return new ConfigException(property.key() + " " + rule + ", not '" + value + "' (" + origin(property) + ")");
        }
    }
}
