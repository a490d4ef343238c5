package dev.tether.load.generator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tether load generator",
        description = "Benchmark application load: writes items through the LocalStore and reports to a status file.")
public @interface GeneratorConfig {

    @AttributeDefinition(name = "Run id", description = "Names the run in the status file; a new id starts a new run.")
    String runId() default "run";

    @AttributeDefinition(name = "Device id", description = "Written into each item's device field.")
    String deviceId();

    @AttributeDefinition(name = "Model written", description = "Device-scoped model with the fields deviceId, id, payload, committedAt.")
    String model() default "LoadUp";

    @AttributeDefinition(name = "Model received", description = "Model whose cloud writes are timed on arrival (fields writtenAt, phase).")
    String downModel() default "LoadDown";

    @AttributeDefinition(name = "Item size (bytes)", description = "Approximate size of an item as JSON, key and timestamps included.")
    int itemBytes() default 200;

    @AttributeDefinition(name = "Rate (changes/s)", description = "0: as fast as the outbox backlog bound allows.")
    double rate() default 0;

    @AttributeDefinition(name = "Rows per transaction", min = "1")
    int rowsPerTransaction() default 100;

    @AttributeDefinition(name = "Duration (s)", description = "How long to write; 0 with count 0: write nothing.")
    double durationSeconds() default 0;

    @AttributeDefinition(name = "Count", description = "Changes to write at most; 0: no limit but the duration.")
    long count() default 0;

    @AttributeDefinition(name = "Backlog bound", description = "At rate 0, writing waits while the outbox holds more than this.")
    long maxBacklog() default 50_000;

    @AttributeDefinition(name = "Sync while writing", description = "pause: the engine is paused before writing and resumed after "
            + "(changes made offline); paused: paused and left so; run: resumed if paused.")
    String sync() default "run";

    @AttributeDefinition(name = "Caught-up cursor", description = "The run records when the engine is first connected, not catching up, "
            + "with an empty outbox and its device cursor at least this; -1: not watched.")
    long caughtUpCursor() default -1;

    @AttributeDefinition(name = "Status file", description = "JSON status, rewritten every status interval.")
    String statusFile() default "data/load-status.json";

    @AttributeDefinition(name = "Status interval (ms)", min = "10")
    long statusIntervalMillis() default 250;
}
