package dev.tether.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The feature repository the build attaches, installed into a real Apache Karaf 4.4 (unpacked from
 * the distribution archive, resolving offline), syncing the simulated sensor's readings through a
 * real mosquitto to the real cloud service process.
 */
public class KarafFeatureIT {

    private static final String TETHER_VERSION = System.getProperty("tether.version");
    /** Neither value is a default anywhere: seeing them in the cloud proves etc/ configuration was in force. */
    private static final String DEVICE = "karaf-gateway-3";
    private static final String SENSOR = "karaf-probe";

    private Path work;
    private MosquittoBroker broker;
    private CloudService cloud;
    private KarafRuntime karaf;

    @Before
    public void startBrokerAndCloud() throws IOException {
        work = TestSystem.newWorkFolder("karaf");
        broker = MosquittoBroker.start(work.resolve("mosquitto"));
        cloud = CloudService.start(TestSystem.distribution(), work.resolve("cloud"), broker.uri());
    }

    @After
    public void stopEverything() {
        if (karaf != null) {
            karaf.stop();
        }
        if (cloud != null) {
            cloud.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    public void theGatewayFeatureInstalledInKarafSyncsTheSensorsReadingsToTheCloud() throws Exception {
        Path featureDir = Path.of(System.getProperty("tether.features.dir"));
        Path tetherRepository = tetherRepository(work.resolve("tether-repository"), featureDir);

        karaf = KarafRuntime.unpack(Path.of(System.getProperty("itest.karaf.archive")), work.resolve("karaf"));
        karaf.resolveOffline(work.resolve("karaf-local-repository"), tetherRepository,
                Path.of(System.getProperty("itest.maven.repository")));
        karaf.bootFeatures(featureDir.resolve("features.xml"), List.of("tether-sample-sensor"));
        karaf.configure("dev.tether.transport.mqtt", "brokerUri=" + broker.uri() + "\nclientId=" + DEVICE + "\n");
        karaf.configure("dev.tether.replication", "deviceId=" + DEVICE + "\npollIntervalMillis=50\nackTimeoutMillis=1000\n");
        karaf.configure("dev.tether.sample.sensor", "deviceId=" + DEVICE + "\nsensor=" + SENSOR + "\nintervalMillis=500\n");
        karaf.start();

        CloudApi api = cloud.api();
        await("a reading of " + DEVICE + " in the cloud").atMost(Duration.ofSeconds(75))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!karaf.isAlive()) {
                        throw new IllegalStateException("Karaf exited:\n" + karaf.log());
                    }
                    return !api.items(DEVICE, "Reading", 10).isEmpty();
                });

        Map<String, Object> listed = api.items(DEVICE, "Reading", 10).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> reading = listed.get("item") instanceof Map ? (Map<String, Object>) listed.get("item") : listed;
        assertEquals(SENSOR, reading.get("sensor"));
        assertEquals("Reading#" + DEVICE, reading.get("pk"));
        assertTrue("the feature's default store configuration, with Karaf's data folder, is in force",
                Files.isDirectory(karaf.home().resolve("data/tether/store")));
        // Felix FileInstall writes a configuration back to etc/ from its own thread, after Config Admin has it.
        await("Karaf writes the feature's default schema configuration to etc/ for editing").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(karaf.etc("dev.tether.schema.cfg"))
                        && Files.readString(karaf.etc("dev.tether.schema.cfg")).contains("schemaPath"));
        assertTrue("the feature kept the operator's configuration",
                Files.readString(karaf.etc("dev.tether.replication.cfg")).contains(DEVICE));
    }

    /** The Tether artifacts the reactor built, in a Maven layout Karaf can resolve them from (no install needed). */
    private static Path tetherRepository(Path repository, Path featureDir) throws IOException {
        Path bundles = TestSystem.distribution().resolve("gateway/bundle");
        try (Stream<Path> jars = Files.list(bundles)) {
            for (Path jar : (Iterable<Path>) jars.filter(j -> j.getFileName().toString().startsWith("tether-"))::iterator) {
                String artifactId = jar.getFileName().toString().replace("-" + TETHER_VERSION + ".jar", "");
                KarafRuntime.deploy(repository, "dev.tether", artifactId, TETHER_VERSION, null, "jar", jar);
            }
        }
        KarafRuntime.deploy(repository, "dev.tether", "tether-features", TETHER_VERSION, "schema", "json",
                featureDir.resolve("schema.json"));
        return repository;
    }
}
