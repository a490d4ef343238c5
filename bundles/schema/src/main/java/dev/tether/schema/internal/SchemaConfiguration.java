package dev.tether.schema.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SchemaComponent.PID, name = "Tether schema",
        description = "Where the OneTable-style schema (with its control section) is read from.")
public @interface SchemaConfiguration {

    @AttributeDefinition(name = "Schema file",
            description = "Path of the schema JSON file; relative paths are resolved against the working directory.")
    String schemaPath() default "config/schema.json";

    @AttributeDefinition(name = "Inline schema", required = false,
            description = "The schema JSON itself; when set it is used instead of the file.")
    String schemaJson() default "";

    @AttributeDefinition(name = "File check interval (ms)",
            description = "How often the schema file is checked for changes; 0 turns the check off.")
    long watchIntervalMillis() default 2000;
}
