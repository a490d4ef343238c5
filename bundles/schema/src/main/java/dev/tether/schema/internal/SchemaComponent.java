package dev.tether.schema.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;
import dev.tether.schema.SchemaProblem;
import dev.tether.schema.SchemaService;

/**
 * Loads the schema named by the configuration. An invalid schema fails activation; a later invalid
 * configuration is logged and the last good schema stays in force.
 */
@Component(name = SchemaComponent.PID, service = SchemaService.class)
@Designate(ocd = SchemaConfiguration.class)
public class SchemaComponent implements SchemaService {

    static final String PID = "dev.tether.schema";
    private static final Logger LOG = System.getLogger(SchemaComponent.class.getName());

    private volatile Schema current;

    @Activate
    void activate(SchemaConfiguration configuration) {
        try {
            current = load(configuration);
            LOG.log(Level.INFO, "Loaded {0} from {1}", current, source(configuration));
        } catch (SchemaException e) {
            LOG.log(Level.ERROR, "Schema from " + source(configuration) + " refused: " + e.getMessage(), e);
            throw e;
        }
    }

    @Modified
    void modified(SchemaConfiguration configuration) {
        try {
            current = load(configuration);
            LOG.log(Level.INFO, "Loaded {0} from {1}", current, source(configuration));
        } catch (SchemaException e) {
            LOG.log(Level.ERROR, "Schema from " + source(configuration) + " refused, keeping " + current + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Schema current() {
        return current;
    }

    static Schema load(SchemaConfiguration configuration) {
        if (!configuration.schemaJson().isBlank()) {
            return Schema.parse(configuration.schemaJson());
        }
        Path path = Path.of(configuration.schemaPath()).toAbsolutePath();
        try {
            return Schema.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaException(new SchemaProblem(null, null, "schemaPath",
                    "cannot read schema file " + path + ": " + e), e);
        }
    }

    private static String source(SchemaConfiguration configuration) {
        return configuration.schemaJson().isBlank()
                ? "file " + Path.of(configuration.schemaPath()).toAbsolutePath() : "inline schemaJson";
    }
}
