package dev.tether.store.derby.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = DerbyStoreComponent.PID, name = "Tether local store (Derby)",
        description = "The gateway's local store on embedded Apache Derby.")
public @interface DerbyStoreConfiguration {

    @AttributeDefinition(name = "Database path",
            description = "Directory of the Derby database; created if missing. Relative paths are resolved"
                    + " against the working directory.")
    String databasePath() default "data/tether-store";

    @AttributeDefinition(name = "Durability",
            description = "full: every commit is synced to disk. test: no fsync (derby.system.durability=test),"
                    + " fast but unsafe on a crash; for tests only.",
            options = {@Option(label = "full", value = "full"), @Option(label = "test", value = "test")})
    String durability() default "full";

    @AttributeDefinition(name = "TTL sweep interval (seconds)",
            description = "How often items whose ttl field has passed are deleted (they are hidden from reads at once).")
    long ttlSweepIntervalSeconds() default 60;
}
