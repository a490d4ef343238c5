package dev.tether.itests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.ops4j.pax.exam.Option;

/**
 * What a gateway test runs against: a fresh work folder with a real mosquitto and the real cloud
 * service, and the Pax Exam options of a gateway connected to them. Inside the framework the
 * static accessors reach the same broker and cloud through the test properties the options carry.
 */
public final class TestSystem {

    public static final String CLOUD_HTTP_PROPERTY = "itest.cloud.http";
    public static final String CLOUD_PID_PROPERTY = "itest.cloud.pid";
    public static final String BROKER_DIR_PROPERTY = "itest.broker.dir";

    private final Path work;
    private final MosquittoBroker broker;
    private final CloudService cloud;

    private TestSystem(Path work, MosquittoBroker broker, CloudService cloud) {
        this.work = work;
        this.broker = broker;
        this.cloud = cloud;
    }

    /** Starts a broker and the cloud service in a new work folder named after {@code name}. */
    public static TestSystem start(String name) throws IOException {
        return start(name, Map.of());
    }

    /** The same, with {@code TETHER_CLOUD_*} settings in the cloud service's environment. */
    public static TestSystem start(String name, Map<String, String> cloudEnvironment) throws IOException {
        Path work = newWorkFolder(name);
        MosquittoBroker broker = MosquittoBroker.start(work.resolve("mosquitto"));
        CloudService cloud = CloudService.start(distribution(), work.resolve("cloud"), broker.uri(), cloudEnvironment);
        return new TestSystem(work, broker, cloud);
    }

    /** The assembled distribution ({@code distribution/target/tether}). */
    public static Path distribution() {
        return Path.of(requiredProperty("tether.dist.dir"));
    }

    /** The project's {@code config/} folder. */
    public static Path config() {
        return Path.of(requiredProperty("tether.config.dir"));
    }

    /** A work folder of its own for one test class. */
    public static Path newWorkFolder(String name) {
        return Path.of(requiredProperty("tether.work.dir")).resolve(name + "-" + System.currentTimeMillis());
    }

    /** Inside the framework: the cloud API of the test's cloud service. */
    public static CloudApi cloudApi() {
        return new CloudApi(requiredProperty(CLOUD_HTTP_PROPERTY));
    }

    /** Inside the framework: the test's broker, to stop and restart it. */
    public static MosquittoBroker broker() throws IOException {
        return MosquittoBroker.attach(Path.of(requiredProperty(BROKER_DIR_PROPERTY)));
    }

    /** Inside the framework: the process id of the test's cloud service. */
    public static long cloudPid() {
        return Long.parseLong(requiredProperty(CLOUD_PID_PROPERTY));
    }

    public Path work() {
        return work;
    }

    public CloudApi cloud() {
        return cloud.api();
    }

    /** The gateway configuration of {@code device} on this system's broker (see {@link GatewayConfiguration#forDevice}). */
    public GatewayConfiguration gateway(String device) {
        return GatewayConfiguration.forDevice(config(), work, broker.uri(), device);
    }

    /** The options of a gateway configured with {@code configuration}. */
    public Option[] options(GatewayConfiguration configuration) throws IOException {
        return options(configuration, Map.of(), jarName -> false);
    }

    /**
     * The same with further test properties, leaving out the distribution's bundles whose jar file
     * name {@code leaveOut} accepts.
     */
    public Option[] options(GatewayConfiguration configuration, Map<String, String> testProperties,
            Predicate<String> leaveOut) throws IOException {
        Map<String, String> properties = new HashMap<>(testProperties);
        properties.put(CLOUD_HTTP_PROPERTY, cloud.httpBase());
        properties.put(CLOUD_PID_PROPERTY, Long.toString(cloud.pid()));
        properties.put(BROKER_DIR_PROPERTY, broker.dir().toString());
        Path load = configuration.writeTo(work.resolve("load"));
        return GatewayOptions.of(distribution(), work, load, properties, leaveOut);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the integration tests"
                    + " through Maven (mvn verify -pl itests -am), which sets it");
        }
        return value;
    }
}
