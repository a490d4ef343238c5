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
 * Further transports, one per factory configuration of {@code dev.tether.transport.mqtt.instance}
 * (FileInstall: {@code dev.tether.transport.mqtt.instance-<alias>.cfg}), e.g. a backup broker next to
 * the primary of {@link MqttTransportComponent}. A separate PID because Felix SCR refuses factory
 * configurations for a PID it already serves with a singleton configuration.
 */
@Component(name = MqttTransportInstanceComponent.FACTORY_PID, configurationPid = MqttTransportInstanceComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Transport.class)
@Designate(ocd = MqttTransportConfig.class, factory = true)
public final class MqttTransportInstanceComponent extends MqttTransportService {

    static final String FACTORY_PID = "dev.tether.transport.mqtt.instance";

    @Activate
    void activate(MqttTransportConfig config, Map<String, Object> properties) {
        start(MqttTransportComponent.settings(config, properties));
    }

    @Modified
    void modified(MqttTransportConfig config, Map<String, Object> properties) {
        reconfigure(MqttTransportComponent.settings(config, properties));
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
