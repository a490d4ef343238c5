package dev.tether.transport.mqtt.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import dev.tether.transport.Transport;

/**
 * The transport of the singleton configuration {@code dev.tether.transport.mqtt} (or of the defaults
 * when there is none): configuration in, {@link Transport} service out. Further instances come from
 * {@link MqttTransportInstanceComponent}.
 */
@Component(name = MqttTransportComponent.PID, configurationPid = MqttTransportComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Transport.class,
        property = "name=" + MqttSettings.DEFAULT_NAME)
@Designate(ocd = MqttTransportConfig.class)
public final class MqttTransportComponent extends MqttTransportService {

    static final String PID = "dev.tether.transport.mqtt";
    /** The public name of an older configuration; DS would publish it as a service property. */
    private static final String PUBLIC_PASSWORD = "password";
    private static final System.Logger LOG = System.getLogger(MqttTransportComponent.class.getName());

    @Activate
    void activate(MqttTransportConfig config, Map<String, Object> properties) {
        start(settings(config, properties));
    }

    @Modified
    void modified(MqttTransportConfig config, Map<String, Object> properties) {
        reconfigure(settings(config, properties));
    }

    @Deactivate
    void deactivate() {
        close();
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
}
