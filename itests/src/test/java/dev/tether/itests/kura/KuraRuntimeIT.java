package dev.tether.itests.kura;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The Kura 5 deployment package in a runtime like Kura 5.6's: Equinox 3.16 with Felix SCR 2.1.16
 * (Declarative Services 1.4), Config Admin, Metatype, Event Admin, the Felix Deployment Admin Kura
 * installs packages with, and a bundle exporting Kura's {@code org.eclipse.kura.configuration}. The
 * {@code .dp} is installed through the Deployment Admin, as Kura's Packages page does. Runs in its
 * own failsafe execution, which puts Equinox 3.16 on the class path instead of Felix. Configuration
 * comes through FileInstall from the project's {@code config/gateway} files; a real mosquitto broker
 * and the real cloud service process take the other end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KuraRuntimeIT {

    private static final String DEVICE = "itest-kura-5";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONFIGURABLE_COMPONENT = KuraApiBundle.PACKAGE + ".ConfigurableComponent";
    private static final Set<String> CONFIGURABLE_PIDS = Set.of("dev.tether.schema", "dev.tether.store.derby",
            "dev.tether.transport.mqtt", "dev.tether.replication");
    /** The gateway's components that run in every configured gateway. */
    private static final Set<String> GATEWAY_COMPONENTS = Set.of("dev.tether.schema", "dev.tether.store.derby",
            "dev.tether.transport.mqtt", "dev.tether.replication", "dev.tether.replication.internal.CommandDispatcher");
    /**
     * Taken from the distribution: Config Admin, Metatype and the promise API SCR needs, as Kura has them,
     * and FileInstall for the test's configuration. (Equinox itself provides the Log Service.)
     */
    private static final List<String> FROM_DISTRIBUTION = List.of("org.apache.felix.configadmin-", "org.apache.felix.metatype-",
            "org.osgi.util.promise-", "org.osgi.util.function-", "org.apache.felix.fileinstall-");
    private static final String DEPLOYMENT_PACKAGE = "dev.tether.gateway";

    @Inject
    private BundleContext context;

    @Inject
    @Filter(timeout = 60_000)
    private DeploymentAdmin deploymentAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private MetaTypeService metatype;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configure() throws IOException {
        Path kuraDir = Path.of(System.getProperty("tether.kura.dir"));
        TestSystem system = TestSystem.start("kura-runtime");
        List<Option> options = new ArrayList<>(Arrays.asList(system.options(system.gateway(DEVICE),
                Map.of("itest.kura.dp", kuraDir.resolve("tether-kura-" + System.getProperty("tether.version") + ".dp").toString()),
                jar -> FROM_DISTRIBUTION.stream().noneMatch(jar::startsWith))));
        try (Stream<Path> kuraRuntime = Files.list(Path.of(System.getProperty("itest.kura5.bundles")))) {
            kuraRuntime.sorted().forEach(jar -> options.add(bundle(jar.toUri().toString())));
        }
        Path kuraApi = KuraApiBundle.build(Path.of(System.getProperty("tether.kura.api.source")), system.work().resolve("kura-api"));
        options.add(bundle(kuraApi.toUri().toString()));
        return options.toArray(Option[]::new);
    }

    /** Installs the package once, as Kura's Packages page does: a stream into the Deployment Admin. */
    @Before
    public void installTheDeploymentPackage() throws Exception {
        if (deploymentAdmin.getDeploymentPackage(DEPLOYMENT_PACKAGE) == null) {
            try (InputStream dp = Files.newInputStream(Path.of(System.getProperty("itest.kura.dp")))) {
                deploymentAdmin.installDeploymentPackage(dp);
            }
        }
    }

    @Test
    public void theDeploymentAdminInstallsAndStartsEveryBundleOfThePackage() {
        DeploymentPackage installed = deploymentAdmin.getDeploymentPackage(DEPLOYMENT_PACKAGE);
        assertEquals(System.getProperty("tether.version").replace('-', '.'), installed.getVersion().toString());
        Set<String> names = new TreeSet<>();
        for (BundleInfo info : installed.getBundleInfos()) {
            names.add(info.getSymbolicName());
            Bundle bundle = installed.getBundle(info.getSymbolicName());
            assertNotNull(info.getSymbolicName() + " installed", bundle);
            await(info.getSymbolicName() + " active").atMost(WAIT).until(() -> bundle.getState() == Bundle.ACTIVE);
        }
        assertEquals(Set.of("com.google.gson", "tether-api", "tether-schema", "tether-store-derby", "tether-transport-mqtt",
                "tether-replication", "tether-kura-adapter"), names);
    }

    @Test
    public void theRuntimeIsKura5sEquinoxAndScr() {
        assertEquals("org.eclipse.osgi", context.getBundle(0).getSymbolicName());
        assertEquals(3, context.getBundle(0).getVersion().getMajor());
        assertEquals(16, context.getBundle(0).getVersion().getMinor());
        Bundle scrBundle = context.getServiceReference(ServiceComponentRuntime.class).getBundle();
        assertEquals("org.apache.felix.scr", scrBundle.getSymbolicName());
        assertEquals("2.1.16", scrBundle.getVersion().toString());
        assertEquals("org.apache.felix.deploymentadmin",
                context.getServiceReference(DeploymentAdmin.class).getBundle().getSymbolicName());
    }

    @Test
    public void theGatewayComponentsAreActiveUnderDeclarativeServices14() {
        await("the gateway's components active").atMost(WAIT).until(() -> activeComponents().containsAll(GATEWAY_COMPONENTS));
    }

    @Test
    public void aPutReachesTheCloud() {
        InstalledGateway gateway = new InstalledGateway(context);
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("deviceId", DEVICE);
        reading.put("sensor", "voltage");
        reading.put("value", 23.5);
        reading.put("unit", "V");
        Map<String, Object> stored = gateway.put("Reading", reading);
        String pk = (String) stored.get("pk");
        String sk = (String) stored.get("sk");

        CloudApi api = TestSystem.cloudApi();
        await("the reading in the cloud").atMost(WAIT).until(() -> api.item(DEVICE, "Reading", pk, sk).isPresent());
        assertEquals(gateway.get("Reading", Map.of("pk", pk, "sk", sk)).orElseThrow(), api.itemContent(DEVICE, "Reading", pk, sk));
        await("outbox empty").atMost(WAIT).until(() -> gateway.outboxDepth() == 0);
    }

    /**
     * What Kura's configuration service does to list a component: find a ConfigurableComponent service
     * with service.pid and kura.service.pid, ask the Metatype service which bundle declares that PID, and
     * read the OCD with id = PID from that bundle's OSGI-INF/metatype/&lt;pid&gt;.xml.
     */
    @Test
    public void everyTetherPidIsAConfigurableComponentWithTheMetatypeKuraReads() throws Exception {
        Map<String, String> servicePidByKuraPid = new TreeMap<>();
        await("the adapter's markers").atMost(WAIT).until(() -> {
            ServiceReference<?>[] markers = context.getServiceReferences(CONFIGURABLE_COMPONENT, null);
            servicePidByKuraPid.clear();
            for (ServiceReference<?> marker : markers == null ? new ServiceReference<?>[0] : markers) {
                servicePidByKuraPid.put((String) marker.getProperty("kura.service.pid"), (String) marker.getProperty("service.pid"));
            }
            return servicePidByKuraPid.size() == CONFIGURABLE_PIDS.size();
        });
        assertEquals(new TreeSet<>(CONFIGURABLE_PIDS), servicePidByKuraPid.keySet());

        for (Map.Entry<String, String> pids : servicePidByKuraPid.entrySet()) {
            String pid = pids.getValue();
            assertEquals("a singleton: kura.service.pid = service.pid", pids.getKey(), pid);
            Bundle declaring = Arrays.stream(context.getBundles())
                    .filter(bundle -> declaresPid(bundle, pid)).findFirst().orElse(null);
            assertNotNull("a bundle's metatype declares " + pid, declaring);
            assertNotNull(pid + ": OSGI-INF/metatype/" + pid + ".xml in " + declaring.getSymbolicName(),
                    declaring.getEntry("OSGI-INF/metatype/" + pid + ".xml"));
            assertEquals(pid, metatype.getMetaTypeInformation(declaring).getObjectClassDefinition(pid, null).getID());
        }
    }

    /** Kura writes a form to Config Admin under the marker's service.pid: the engine runs with that configuration. */
    @Test
    public void theMarkersServicePidIsTheConfigurationTheComponentRunsWith() throws Exception {
        String markerFilter = "(kura.service.pid=dev.tether.replication)";
        await("the engine's marker").atMost(WAIT).until(() -> context.getServiceReferences(CONFIGURABLE_COMPONENT, markerFilter) != null);
        String servicePid = (String) context.getServiceReferences(CONFIGURABLE_COMPONENT, markerFilter)[0].getProperty("service.pid");
        await("the engine's configuration delivered").atMost(WAIT)
                .until(() -> configurationAdmin.listConfigurations("(service.pid=" + servicePid + ")") != null);
        assertEquals(DEVICE, configurationAdmin.listConfigurations("(service.pid=" + servicePid + ")")[0].getProperties().get("deviceId"));
        assertEquals(DEVICE, new InstalledGateway(context).deviceId());
    }

    private Set<String> activeComponents() {
        Set<String> active = new TreeSet<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.ACTIVE) {
                    active.add(description.name);
                }
            }
        }
        return active;
    }

    private boolean declaresPid(Bundle bundle, String pid) {
        MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
        return information != null && Arrays.asList(information.getPids()).contains(pid);
    }
}
