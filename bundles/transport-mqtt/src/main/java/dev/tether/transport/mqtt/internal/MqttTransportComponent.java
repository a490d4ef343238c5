package dev.tether.transport.mqtt.internal;

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
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;

/** The OSGi face of {@link MqttConnection}: configuration in, {@link Transport} service out. */
@Component(name = MqttTransportComponent.PID, configurationPid = MqttTransportComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Transport.class)
@Designate(ocd = MqttTransportConfig.class)
public final class MqttTransportComponent implements Transport {

    static final String PID = "dev.tether.transport.mqtt";

    private MqttConnection connection;

    @Activate
    void activate(MqttTransportConfig config) {
        connection = new MqttConnection(settings(config));
        connection.start();
    }

    @Modified
    void modified(MqttTransportConfig config) {
        connection.reconfigure(settings(config));
    }

    @Deactivate
    void deactivate() {
        connection.close();
    }

    static MqttSettings settings(MqttTransportConfig config) {
        return new MqttSettings(config.brokerUri(), config.clientId(), config.username(), config.password(),
                config.sessionExpirySeconds(), config.keepAliveSeconds(), config.connectTimeoutSeconds(),
                config.reconnectMinDelayMillis(), config.reconnectMaxDelayMillis(), config.maxInflight());
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
