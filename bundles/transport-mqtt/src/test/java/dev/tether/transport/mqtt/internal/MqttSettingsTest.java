package dev.tether.transport.mqtt.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.Test;

public class MqttSettingsTest {

    @Test
    public void componentDefaultsAreTheDocumentedOnes() {
        MqttSettings settings = MqttTransportComponent.settings(config(Map.of()), Map.of());
        assertEquals(MqttSettings.of("tcp://127.0.0.1:1883", "tether-gateway"), settings);
        assertEquals(604_800, settings.sessionExpirySeconds());
        assertEquals(30, settings.keepAliveSeconds());
        assertEquals(10, settings.connectTimeoutSeconds());
        assertEquals(500, settings.reconnectMinDelayMillis());
        assertEquals(30_000, settings.reconnectMaxDelayMillis());
        assertEquals(100, settings.maxInflight());
        assertEquals("", settings.username());
        assertEquals("", settings.password());
    }

    @Test
    public void passwordIsNeverShown() {
        MqttSettings settings = MqttSettings.of("tcp://broker:1883", "gw").withCredentials("gw-user", "s3cret!");
        assertFalse(settings.toString().contains("s3cret!"));
        assertTrue(settings.toString().contains("gw-user"));
    }

    @Test
    public void badValuesAreRefusedWithTheirName() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> MqttSettings.of("http://broker", "gw"));
        assertTrue(scheme.getMessage().contains("brokerUri"));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://broker:1883", " "));
        IllegalArgumentException delays = assertThrows(IllegalArgumentException.class,
                () -> MqttSettings.of("tcp://broker:1883", "gw").withReconnectDelays(1_000, 10));
        assertTrue(delays.getMessage().contains("reconnectMaxDelayMillis"));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://broker:1883", "gw").withMaxInflight(0));
    }

    @Test
    public void tlsSchemesAreRecognised() {
        assertTrue(MqttSettings.of("ssl://broker:8883", "gw").usesTls());
        assertTrue(MqttSettings.of("wss://broker:443/mqtt", "gw").usesTls());
        assertFalse(MqttSettings.of("ws://broker:80/mqtt", "gw").usesTls());
    }

    @Test
    public void backoffDoublesUpToItsCapAndStartsOverAfterReset() {
        Backoff backoff = new Backoff(100, 1_000);
        long[] steps = {100, 200, 400, 800, 1_000, 1_000};
        for (long step : steps) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay + " not in (" + step * 3 / 4 + ", " + step + "]",
                    delay <= step && delay >= Math.max(100, step - step / 4));
        }
        backoff.reset();
        assertEquals(100, backoff.nextDelayMillis());
    }

    @Test
    public void clientIdDefaultsToTheDeviceIdAndTellsInstancesApart() {
        assertEquals("gw-9", MqttTransportComponent.clientId(config(Map.of("deviceId", "gw-9"))));
        assertEquals("gw-9-backup", MqttTransportComponent.clientId(config(Map.of("deviceId", "gw-9", "name", "backup"))));
        assertEquals("tether-gateway-backup", MqttTransportComponent.clientId(config(Map.of("name", "backup"))));
        assertEquals("explicit", MqttTransportComponent.clientId(config(Map.of("deviceId", "gw-9", "clientId", "explicit"))));
    }

    @Test
    public void secretsComeFromPrivatePropertiesAndAPublicPasswordStillWorks() {
        MqttSettings fromPrivate = MqttTransportComponent.settings(
                config(Map.of("_password", "hidden", "_keyStorePassword", "ks-secret")), Map.of());
        assertEquals("hidden", fromPrivate.password());
        assertEquals("ks-secret", fromPrivate.tls().keyStorePassword());
        assertFalse(fromPrivate.toString().contains("hidden"));
        assertFalse(fromPrivate.toString().contains("ks-secret"));

        MqttSettings fromPublic = MqttTransportComponent.settings(config(Map.of()), Map.of("password", "old-style"));
        assertEquals("old-style", fromPublic.password());
    }

    @Test
    public void topicPrefixIsAppliedOnTheWireOnly() {
        TopicMount mount = new TopicMount("site-a");
        assertEquals("site-a/tether/gw/up/changes", mount.topic("tether/gw/up/changes"));
        assertEquals("$share/cloud/site-a/tether/+/up/changes", mount.filter("$share/cloud/tether/+/up/changes"));
        assertEquals("tether/gw/down/ack", mount.unmount("site-a/tether/gw/down/ack"));
        assertEquals("tether/x", new TopicMount("").topic("tether/x"));
        assertThrows(IllegalArgumentException.class, () -> TopicMount.checked("a/#"));
        assertThrows(IllegalArgumentException.class, () -> TopicMount.checked("/a"));
    }

    /** The configuration DS would hand over: the given values (by method name), defaults for the rest. */
    private static MqttTransportConfig config(Map<String, Object> values) {
        return (MqttTransportConfig) Proxy.newProxyInstance(MqttTransportConfig.class.getClassLoader(),
                new Class<?>[] {MqttTransportConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
