package dev.tether.cloud.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigLoaderTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void defaultsApplyWithoutFileOrEnvironment() {
        CloudConfig config = new ConfigLoader(Map.of()).load(Optional.empty());

        assertTrue(config.brokerEmbedded());
        assertEquals("127.0.0.1", config.brokerHost());
        assertEquals(1883, config.brokerPort());
        assertEquals(Optional.empty(), config.brokerUri());
        assertEquals(Optional.empty(), config.brokerUsername());
        assertEquals(Optional.empty(), config.brokerPassword());
        assertEquals("tether", config.topicPrefix());
        assertEquals("tether-cloud-1", config.clientId());
        assertEquals(86_400, config.sessionExpirySeconds());
        assertEquals(3_600, config.ackExpirySeconds());
        assertEquals(Path.of("data/cloud"), config.dataDir());
        assertEquals("127.0.0.1", config.httpHost());
        assertEquals(8080, config.httpPort());
    }

    @Test
    public void tombstonesAreKeptThirtyDaysAndPurgedHourlyUnlessConfiguredAndTheHorizonIsAtLeastASecond() {
        CloudConfig defaults = new ConfigLoader(Map.of()).load(Optional.empty());
        assertEquals(30L * 24 * 3600, defaults.tombstoneHorizonSeconds());
        assertEquals(3600, defaults.tombstonePurgeIntervalSeconds());

        CloudConfig tiny = new ConfigLoader(Map.of("TETHER_CLOUD_TOMBSTONE_HORIZON_SECONDS", "1",
                "TETHER_CLOUD_TOMBSTONE_PURGE_INTERVAL_SECONDS", "2")).load(Optional.empty());
        assertEquals(1, tiny.tombstoneHorizonSeconds());
        assertEquals(2, tiny.tombstonePurgeIntervalSeconds());

        ConfigException zero = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("TETHER_CLOUD_TOMBSTONE_HORIZON_SECONDS", "0")).load(Optional.empty()));
        assertTrue(zero.getMessage(), zero.getMessage().startsWith("tombstone.horizon.seconds must be"));
    }

    @Test
    public void theFileSetsPropertiesAndTheEnvironmentOverridesThem() throws Exception {
        Path file = temp.newFile("cloud.properties").toPath();
        Files.writeString(file, String.join("\n",
                "# a comment",
                "broker.embedded = false",
                "broker.uri = tcp://broker.example:1883",
                "broker.username = cloud",
                "broker.password = s3cret",
                "topic.prefix = plant-7",
                "client.id = cloud-a",
                "data.dir = /var/lib/tether",
                "http.port = 9090",
                "http.host = 0.0.0.0",
                "http.token = t0ken-in-file",
                "store.url = jdbc:postgresql://db.example.internal:5432/tether",
                "store.username = tether",
                "store.password = db-s3cret",
                "schema.path = conf/schema.json",
                "ack.expiry.seconds = 60",
                "session.expiry.seconds = 0"), StandardCharsets.UTF_8);
        Map<String, String> environment = Map.of(
                "TETHER_CLOUD_BROKER_URI", "ssl://other.example:8883",
                "TETHER_CLOUD_HTTP_PORT", "0",
                "TETHER_CLOUD_OPTS", "-Xmx64m", // a launcher's own variable: ignored
                "PATH", "/usr/bin");

        CloudConfig config = new ConfigLoader(environment).load(Optional.of(file));

        assertFalse(config.brokerEmbedded());
        assertEquals(Optional.of("ssl://other.example:8883"), config.brokerUri());
        assertEquals(Optional.of("cloud"), config.brokerUsername());
        assertEquals(Optional.of("s3cret"), config.brokerPassword());
        assertEquals("plant-7", config.topicPrefix());
        assertEquals("cloud-a", config.clientId());
        assertEquals(Path.of("/var/lib/tether"), config.dataDir());
        assertEquals(0, config.httpPort());
        assertEquals("0.0.0.0", config.httpHost());
        assertEquals(60, config.ackExpirySeconds());
        assertEquals(0, config.sessionExpirySeconds());
        assertFalse("the password must not leak into logs", config.toString().contains("s3cret"));
        assertFalse("the token must not leak into logs", config.toString().contains("t0ken"));
        assertEquals(Optional.of("t0ken-in-file"), config.httpToken());
        assertEquals(Optional.of("jdbc:postgresql://db.example.internal:5432/tether"), config.storeUrl());
        assertEquals(Optional.of("tether"), config.storeUsername());
        assertEquals(Optional.of(Path.of("conf/schema.json")), config.schemaPath());
    }

    @Test
    public void environmentVariableNamesFollowTheProperties() {
        assertEquals("TETHER_CLOUD_BROKER_URI", CloudProperty.BROKER_URI.environmentVariable());
        assertEquals("TETHER_CLOUD_BROKER_EMBEDDED", CloudProperty.BROKER_EMBEDDED.environmentVariable());
        assertEquals("TETHER_CLOUD_SESSION_EXPIRY_SECONDS", CloudProperty.SESSION_EXPIRY_SECONDS.environmentVariable());
    }

    @Test
    public void aBlankValueMeansNotSet() {
        CloudConfig config = load(Map.of("TETHER_CLOUD_HTTP_PORT", "  "), "broker.uri", "", "http.port", "8181");

        assertEquals(8181, config.httpPort());
        assertEquals(Optional.empty(), config.brokerUri());
    }

    @Test
    public void unknownPropertiesAreRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "broker.url", "tcp://x:1883"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown property 'broker.url' in test.properties"));
        assertTrue(e.getMessage(), e.getMessage().contains("broker.uri"));
    }

    @Test
    public void badPortsAreRefusedWithPropertyAndSource() {
        ConfigException fromFile = assertThrows(ConfigException.class, () -> load(Map.of(), "broker.port", "70000"));
        assertEquals("broker.port must be a port number from 0 (any free port) to 65535, not '70000' (from test.properties)",
                fromFile.getMessage());

        ConfigException fromEnvironment = assertThrows(ConfigException.class,
                () -> load(Map.of("TETHER_CLOUD_HTTP_PORT", "eighty")));
        assertEquals("http.port must be a port number from 0 (any free port) to 65535, not 'eighty' "
                + "(from environment variable TETHER_CLOUD_HTTP_PORT)", fromEnvironment.getMessage());

        assertThrows(ConfigException.class, () -> load(Map.of(), "http.port", "-1"));
    }

    @Test
    public void anExternalBrokerNeedsAUri() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("TETHER_CLOUD_BROKER_EMBEDDED", "false")));

        assertTrue(e.getMessage(), e.getMessage().startsWith("broker.uri is required when broker.embedded is false"));
        assertTrue(e.getMessage(), e.getMessage().contains("TETHER_CLOUD_BROKER_URI"));
    }

    @Test
    public void aUriWithTheEmbeddedBrokerIsAmbiguous() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "broker.uri", "tcp://x:1883"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("broker.uri is set (from test.properties) but broker.embedded is true"));
    }

    @Test
    public void brokerUrisMustBeMqttUris() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of(), "broker.embedded", "false", "broker.uri", "http://x:1883"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("broker.uri (from test.properties) must look like tcp://host:1883"));
    }

    @Test
    public void booleansAreStrict() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "broker.embedded", "yes"));

        assertEquals("broker.embedded must be true or false, not 'yes' (from test.properties)", e.getMessage());
    }

    @Test
    public void topicPrefixesAreChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("TETHER_CLOUD_TOPIC_PREFIX", "a/+/b")));

        assertTrue(e.getMessage(), e.getMessage().startsWith("topic.prefix is not a valid topic prefix"));
    }

    @Test
    public void expiriesAreBounded() {
        assertThrows(ConfigException.class, () -> load(Map.of(), "ack.expiry.seconds", "0"));
        assertThrows(ConfigException.class, () -> load(Map.of(), "session.expiry.seconds", "4294967296"));
        assertEquals(4_294_967_295L, load(Map.of(), "session.expiry.seconds", "4294967295").sessionExpirySeconds());
    }

    @Test
    public void theApiRefusesToListenBeyondLoopbackWithoutAToken() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "http.host", "0.0.0.0"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("http.host is '0.0.0.0' (from test.properties) but no http.token is set"));

        assertEquals("0.0.0.0", load(Map.of("TETHER_CLOUD_HTTP_TOKEN", "secret"), "http.host", "0.0.0.0").httpHost());
        assertEquals("::1", load(Map.of(), "http.host", "::1").httpHost());
    }

    @Test
    public void theStoreUrlMustBeJdbcAndTheNumbersBounded() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "store.url", "postgres://db/tether"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("store.url (from test.properties) must be a jdbc:postgresql:"));
        assertThrows(ConfigException.class, () -> load(Map.of(), "down.max.bytes", "10"));
        assertThrows(ConfigException.class, () -> load(Map.of(), "feed.interval.millis", "0"));
        assertEquals(Optional.empty(), load(Map.of()).storeUrl());
        assertEquals(120_000, load(Map.of()).downMaxBytes());
    }

    @Test
    public void aMissingFileIsAClearError() {
        Path missing = temp.getRoot().toPath().resolve("nope.properties");

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(Optional.of(missing)));

        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot read the configuration file " + missing));
    }

    private static CloudConfig load(Map<String, String> environment, String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ConfigLoader(environment).fromProperties(properties, "test.properties");
    }
}
