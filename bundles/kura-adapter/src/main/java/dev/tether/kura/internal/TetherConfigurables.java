package dev.tether.kura.internal;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Kura's configuration service lists a component in its web UI when a {@code ConfigurableComponent}
 * service carries its {@code service.pid} and {@code kura.service.pid}; it then renders the form from the
 * metatype at {@code OSGI-INF/metatype/<pid>.xml} of whichever bundle declares that PID, and writes the
 * form through Config Admin to that PID. The Tether components themselves stay free of Kura: each marker
 * below stands for one of their configuration PIDs. The markers do not depend on the Tether components
 * being active, so a component that waits for its configuration (the engine needs a device id) is listed
 * and can be configured from Kura's UI.
 */
final class TetherConfigurables {

    private TetherConfigurables() {
    }

    @Component(name = "dev.tether.kura.schema", configurationPolicy = ConfigurationPolicy.IGNORE,
            property = { "service.pid=dev.tether.schema", "kura.service.pid=dev.tether.schema" })
    public static final class Schema implements ConfigurableComponent {
    }

    @Component(name = "dev.tether.kura.store.derby", configurationPolicy = ConfigurationPolicy.IGNORE,
            property = { "service.pid=dev.tether.store.derby", "kura.service.pid=dev.tether.store.derby" })
    public static final class DerbyStore implements ConfigurableComponent {
    }

    @Component(name = "dev.tether.kura.transport.mqtt", configurationPolicy = ConfigurationPolicy.IGNORE,
            property = { "service.pid=dev.tether.transport.mqtt", "kura.service.pid=dev.tether.transport.mqtt" })
    public static final class MqttTransport implements ConfigurableComponent {
    }

    @Component(name = "dev.tether.kura.replication", configurationPolicy = ConfigurationPolicy.IGNORE,
            property = { "service.pid=dev.tether.replication", "kura.service.pid=dev.tether.replication" })
    public static final class Replication implements ConfigurableComponent {
    }
}
