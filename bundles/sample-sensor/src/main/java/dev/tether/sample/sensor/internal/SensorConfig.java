package dev.tether.sample.sensor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tether sample sensor",
        description = "Writes a simulated Reading item into the local store at a fixed interval.")
public @interface SensorConfig {

    @AttributeDefinition(name = "Device id", description = "Written into each reading's deviceId field.")
    String deviceId();

    @AttributeDefinition(name = "Sensor name")
    String sensor() default "temperature";

    @AttributeDefinition(name = "Unit")
    String unit() default "Cel";

    @AttributeDefinition(name = "Interval (ms)", min = "1")
    long intervalMillis() default 2_000;
}
