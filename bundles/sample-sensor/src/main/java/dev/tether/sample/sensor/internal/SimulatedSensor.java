package dev.tether.sample.sensor.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A stand-in for a gateway application: every interval it commits one {@code Reading} item through
 * the {@link LocalStore} and logs the committed item's key. Active only when configured.
 */
@Component(configurationPid = "dev.tether.sample.sensor", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SensorConfig.class)
public class SimulatedSensor {

    private static final Logger LOG = System.getLogger(SimulatedSensor.class.getName());

    private final LocalStore store;
    private final SensorConfig config;
    private final ScheduledExecutorService scheduler;
    private long count;

    @Activate
    public SimulatedSensor(@Reference LocalStore store, SensorConfig config) {
        this.store = store;
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "tether-sample-sensor"));
        scheduler.scheduleAtFixedRate(this::writeReading, 0, config.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private void writeReading() {
        count++;
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("deviceId", config.deviceId());
        reading.put("sensor", config.sensor());
        reading.put("value", Math.round((20 + 5 * Math.sin(count / 10.0)) * 100) / 100.0);
        reading.put("unit", config.unit());
        reading.put("at", Instant.now().toString());
        try {
            Map<String, Object> stored = store.put("Reading", reading);
            LOG.log(Level.INFO, "sensor committed reading {0} {1}", count, stored.get("sk"));
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "sensor could not write reading " + count + ": " + e.getMessage());
        }
    }
}
