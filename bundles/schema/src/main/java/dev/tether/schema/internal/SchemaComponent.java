package dev.tether.schema.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;
import dev.tether.schema.SchemaListener;
import dev.tether.schema.SchemaProblem;
import dev.tether.schema.SchemaService;
import dev.tether.schema.SchemaStatus;

/**
 * Loads the schema named by the configuration, and again whenever the configuration or the schema
 * file changes. An invalid schema fails activation; a later invalid one is logged, shown in
 * {@link #status()}, and the last good schema stays in force. Each accepted schema with a new
 * version id is handed to every {@link SchemaListener} service.
 */
@Component(name = SchemaComponent.PID, service = SchemaService.class)
@Designate(ocd = SchemaConfiguration.class)
public class SchemaComponent implements SchemaService {

    static final String PID = "dev.tether.schema";
    private static final Logger LOG = System.getLogger(SchemaComponent.class.getName());

    private record Loaded(Schema schema, String source, Instant at) {
    }

    private record Failure(String message, Instant at) {
    }

    private final List<SchemaListener> listeners = new CopyOnWriteArrayList<>();
    private final Object loadLock = new Object();
    private volatile Loaded loaded;
    private volatile Failure lastFailure;
    private SchemaFileWatch fileWatch;
    private SchemaConfiguration watchedConfiguration;

    @Activate
    void activate(SchemaConfiguration configuration) {
        synchronized (loadLock) {
            SchemaException refused = load(configuration);
            if (refused != null) {
                throw refused;
            }
            watch(configuration);
        }
    }

    @Modified
    void modified(SchemaConfiguration configuration) {
        synchronized (loadLock) {
            load(configuration);
            watch(configuration);
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (loadLock) {
            stopWatching();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(SchemaListener listener) {
        listeners.add(listener);
        Loaded now = loaded;
        if (now != null) {
            tell(listener, now.schema());
        }
    }

    void removeListener(SchemaListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Schema current() {
        return loaded.schema();
    }

    @Override
    public SchemaStatus status() {
        Loaded now = loaded;
        Failure failure = lastFailure;
        return new SchemaStatus(now.schema().versionId(), now.schema().version(), now.source(), now.at(),
                Optional.ofNullable(failure).map(Failure::message), failure == null ? null : failure.at());
    }

    /** Loads the configured schema; returns why it was refused, or null if it is now in force. Caller holds {@code loadLock}. */
    private SchemaException load(SchemaConfiguration configuration) {
        String source = source(configuration);
        Schema schema;
        try {
            schema = read(configuration);
        } catch (SchemaException e) {
            lastFailure = new Failure(e.getMessage(), Instant.now());
            LOG.log(Level.ERROR, "Schema from {0} refused{1}: {2}", source,
                    loaded == null ? "" : ", keeping " + loaded.schema(), e.getMessage());
            return e;
        }
        lastFailure = null;
        Loaded previous = loaded;
        loaded = new Loaded(schema, source, Instant.now());
        if (previous != null && previous.schema().versionId().equals(schema.versionId())) {
            return null;
        }
        LOG.log(Level.INFO, "Loaded {0} from {1}", schema, source);
        listeners.forEach(listener -> tell(listener, schema));
        return null;
    }

    private void watch(SchemaConfiguration configuration) {
        stopWatching();
        if (configuration.schemaJson().isBlank() && configuration.watchIntervalMillis() > 0) {
            watchedConfiguration = configuration;
            fileWatch = new SchemaFileWatch(schemaFile(configuration), configuration.watchIntervalMillis(), () -> {
                synchronized (loadLock) {
                    // A check already running when the configuration changed must not load the old source.
                    if (watchedConfiguration == configuration) {
                        load(configuration);
                    }
                }
            });
        }
    }

    private void stopWatching() {
        watchedConfiguration = null;
        if (fileWatch != null) {
            fileWatch.close();
            fileWatch = null;
        }
    }

    private static void tell(SchemaListener listener, Schema schema) {
        try {
            listener.schemaChanged(schema);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Schema listener " + listener + " failed on " + schema, e);
        }
    }

    static Schema read(SchemaConfiguration configuration) {
        if (!configuration.schemaJson().isBlank()) {
            return Schema.parse(configuration.schemaJson());
        }
        Path path = schemaFile(configuration);
        try {
            return Schema.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaException(new SchemaProblem(null, null, "schemaPath",
                    "cannot read schema file " + path + ": " + e), e);
        }
    }

    private static Path schemaFile(SchemaConfiguration configuration) {
        return Path.of(configuration.schemaPath()).toAbsolutePath();
    }

    private static String source(SchemaConfiguration configuration) {
        return configuration.schemaJson().isBlank() ? "file " + schemaFile(configuration) : "inline schemaJson";
    }
}
