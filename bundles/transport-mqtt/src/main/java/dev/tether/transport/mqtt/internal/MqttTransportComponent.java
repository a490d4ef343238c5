package dev.tether.transport.mqtt.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import dev.tether.transport.ConnectionListener;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.PublishOptions;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;
import dev.tether.transport.TransportStatus;

/**
 * The OSGi face of {@link MqttConnection}: configuration in, {@link Transport} service out. The PID
 * works as a singleton configuration and as a factory PID at once, so {@code dev.tether.transport.mqtt.cfg}
 * and any number of {@code dev.tether.transport.mqtt-<instance>.cfg} each make one transport.
 */
@Component(name = MqttTransportComponent.PID, configurationPid = MqttTransportComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Transport.class,
        property = "name=" + MqttSettings.DEFAULT_NAME)
@Designate(ocd = MqttTransportConfig.class, factory = true)
public final class MqttTransportComponent implements Transport {

    static final String PID = "dev.tether.transport.mqtt";
    /** The public name of an older configuration; DS would publish it as a service property. */
    private static final String PUBLIC_PASSWORD = "password";
    private static final System.Logger LOG = System.getLogger(MqttTransportComponent.class.getName());

    private MqttConnection connection;

    @Activate
    void activate(MqttTransportConfig config, Map<String, Object> properties) {
        connection = new MqttConnection(settings(config, properties));
        connection.start();
    }

    @Modified
    void modified(MqttTransportConfig config, Map<String, Object> properties) {
        connection.reconfigure(settings(config, properties));
    }

    @Deactivate
    void deactivate() {
        connection.close();
    }

    static MqttSettings settings(MqttTransportConfig config, Map<String, Object> properties) {
        String password = config._password();
        Object publicPassword = properties.get(PUBLIC_PASSWORD);
        if (password.isEmpty() && publicPassword != null && !publicPassword.toString().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "transport {0}: the property ''password'' is visible as a service"
                    + " property to every bundle; rename it to ''.password''", config.name());
            password = publicPassword.toString();
        }
        TlsSettings tls = new TlsSettings(config.caFile(), config.certificateFile(), config.privateKeyFile(),
                config.keyStoreFile(), config._keyStorePassword(), config.keyStoreType());
        return new MqttSettings(config.name(), config.brokerUri(), clientId(config), config.username(), password, tls,
                config.topicPrefix(), config.sessionExpirySeconds(), config.keepAliveSeconds(),
                config.connectTimeoutSeconds(), config.reconnectMinDelayMillis(), config.reconnectMaxDelayMillis(),
                config.maxInflight());
    }

    /**
     * The configured client id; else the device id; else {@code tether-gateway}. Instances not named
     * {@code default} get {@code -<name>} added to a derived id, so a primary and a backup transport
     * of one gateway never take each other's session over.
     */
    static String clientId(MqttTransportConfig config) {
        if (!config.clientId().isBlank()) {
            return config.clientId().trim();
        }
        String base = config.deviceId().isBlank() ? MqttSettings.DEFAULT_CLIENT_ID : config.deviceId().trim();
        String name = config.name().isBlank() ? MqttSettings.DEFAULT_NAME : config.name().trim();
        return name.equals(MqttSettings.DEFAULT_NAME) ? base : base + "-" + name;
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Map<String, String> userProperties) {
        return connection.publish(topic, payload, userProperties);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, PublishOptions options) {
        return connection.publish(topic, payload, options);
    }

    @Override
    public CompletableFuture<InboundMessage> request(String topic, byte[] payload, PublishOptions options,
            String responseTopic, Duration timeout) {
        return connection.request(topic, payload, options, responseTopic, timeout);
    }

    @Override
    public int maxPacketSize() {
        return connection.maxPacketSize();
    }

    @Override
    public int maxPayloadSize(String topic, PublishOptions options) {
        return connection.maxPayloadSize(topic, options);
    }

    @Override
    public TransportStatus status() {
        return connection.status();
    }

    @Override
    public Subscription subscribe(String topicFilter, Consumer<InboundMessage> handler) {
        return connection.subscribe(topicFilter, handler);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connection.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        connection.removeConnectionListener(listener);
    }
}
