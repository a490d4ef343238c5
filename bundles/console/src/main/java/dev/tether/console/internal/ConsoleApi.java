package dev.tether.console.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Optional;

import dev.tether.schema.Schema;
import dev.tether.schema.SchemaService;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The console's JSON API, shared by the HTTP API, the Web Console page and the shell commands.
 * Works with whatever gateway services are present: a missing store or engine gives 503, not an
 * absent console. A configuration change applies at once ({@link Modified}).
 */
@Component(service = ConsoleApi.class, configurationPid = ConsoleApi.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfiguration.class)
public class ConsoleApi implements GatewayServices {

    static final String PID = "dev.tether.console";
    private static final String TRANSPORT_PID = "dev.tether.transport.mqtt";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SyncService syncService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LocalStore localStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SchemaService schemaService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    private final JsonCodec json = new JsonCodec();
    private final StatusReport statusReport;
    private final ItemsResource items;
    private final EngineResource engine;
    private final DeadLettersResource deadLetters;
    private volatile ConsoleConfiguration configuration;

    @Activate
    public ConsoleApi(@Reference SyncEngineExtensions engineExtensions, ConsoleConfiguration configuration) {
        this.configuration = configuration;
        this.statusReport = new StatusReport(this, engineExtensions);
        this.items = new ItemsResource(this, json);
        this.engine = new EngineResource(this, engineExtensions);
        this.deadLetters = new DeadLettersResource(this);
    }

    @Modified
    void modified(ConsoleConfiguration changed) {
        this.configuration = changed;
    }

    public ConsoleConfiguration configuration() {
        return configuration;
    }

    public JsonCodec json() {
        return json;
    }

    public ApiResponse handle(ApiRequest request) {
        ConsoleConfiguration current = configuration;
        PageLimits limits = new PageLimits(current.defaultPageSize(), current.maxPageSize());
        String resource = request.segment(0);
        if (resource == null) {
            return ApiResponse.error(404, "see /tether/api/status");
        }
        return switch (resource) {
            case "status" -> request.method().equals("GET") && request.path().size() == 1
                    ? ApiResponse.ok(statusReport.build(current.refreshIntervalMillis()))
                    : ApiResponse.error(405, "the status can only be read: GET /tether/api/status");
            case "items" -> items.handle(request, limits);
            case "conflicts" -> engine.conflicts(request, limits);
            case "dead-letters" -> deadLetters.handle(request, limits);
            case "sync", "resync", "pause", "resume" -> engine.action(request);
            default -> ApiResponse.error(404, "no such resource: /tether/api/" + resource);
        };
    }

    @Override
    public Optional<SyncService> sync() {
        return Optional.ofNullable(syncService);
    }

    @Override
    public Optional<LocalStore> store() {
        return Optional.ofNullable(localStore);
    }

    @Override
    public Optional<Schema> schema() {
        SchemaService schemas = schemaService;
        return schemas == null ? Optional.empty() : Optional.ofNullable(schemas.current());
    }

    @Override
    public Optional<String> brokerUri() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return Optional.empty();
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + TRANSPORT_PID + ")");
            if (found == null || found.length == 0) {
                return Optional.empty();
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            return Optional.ofNullable(properties == null ? null : properties.get("brokerUri")).map(String::valueOf);
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
    }
}
