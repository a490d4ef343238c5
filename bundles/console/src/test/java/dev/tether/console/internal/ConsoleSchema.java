package dev.tether.console.internal;

import dev.tether.schema.Schema;

/** A small schema for the console's tests: a device model that syncs both ways and a down-only one. */
final class ConsoleSchema {

    static final String JSON = """
            {
              "format": "onetable:1.1.0",
              "version": "1.0.0",
              "indexes": { "primary": { "hash": "pk", "sort": "sk" } },
              "models": {
                "Fault": {
                  "pk":       { "type": "string", "value": "Fault#${deviceId}" },
                  "sk":       { "type": "string", "value": "Fault#${id}" },
                  "id":       { "type": "string", "required": true },
                  "deviceId": { "type": "string", "required": true },
                  "code":     { "type": "string" },
                  "level":    { "type": "number" }
                },
                "Counter": {
                  "pk":       { "type": "string", "value": "Counter#${site}" },
                  "sk":       { "type": "string", "value": "Counter#${slot}" },
                  "site":     { "type": "string", "required": true },
                  "slot":     { "type": "number", "required": true }
                }
              },
              "control": {
                "Fault":   { "enable": "both", "sync": "both" },
                "Counter": { "enable": "both", "sync": "down" }
              }
            }
            """;

    private ConsoleSchema() {
    }

    static Schema parse() {
        return Schema.parse(JSON);
    }
}
