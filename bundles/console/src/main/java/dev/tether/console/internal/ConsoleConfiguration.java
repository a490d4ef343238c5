package dev.tether.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = ConsoleApi.PID, name = "Tether console",
        description = "The Tether page of the Web Console, the gateway HTTP API under /tether/api and the tether:* shell commands.")
public @interface ConsoleConfiguration {

    @AttributeDefinition(name = "Refresh interval (ms)", min = "250",
            description = "How often the Tether page of the Web Console fetches the status again.")
    int refreshIntervalMillis() default 2000;

    @AttributeDefinition(name = "Default page size", min = "1",
            description = "Items per page when a request does not give a limit.")
    int defaultPageSize() default 50;

    @AttributeDefinition(name = "Largest page size", min = "1",
            description = "Items per page at most, whatever a request asks for.")
    int maxPageSize() default 500;

    @AttributeDefinition(name = "HTTP API authentication",
            description = "loopback: requests that reach the gateway on a loopback address need no login, all others"
                    + " need the Web Console user and password (HTTP Basic). always: every request needs them.",
            options = {@Option(label = "required except on loopback", value = "loopback"),
                    @Option(label = "always required", value = "always")})
    String authentication() default "loopback";
}
