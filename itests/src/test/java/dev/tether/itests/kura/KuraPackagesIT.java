package dev.tether.itests.kura;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Kura packages the build makes: the deployment package (Kura 5) and the Debian package (Kura 6),
 * inspected as Kura and dpkg read them.
 */
public class KuraPackagesIT {

    /** The project version, e.g. 0.1.0-SNAPSHOT; the OSGi form 0.1.0.SNAPSHOT, the Debian form 0.1.0~SNAPSHOT. */
    private static final String VERSION = System.getProperty("tether.version");
    private static final String OSGI_VERSION = VERSION.replace('-', '.');
    private static final String DEBIAN_VERSION = VERSION.replace('-', '~');
    private static final Set<String> EXPECTED_BUNDLES = Set.of("com.google.gson", "tether-api", "tether-schema",
            "tether-store-derby", "tether-transport-mqtt", "tether-replication", "tether-kura-adapter");
    /** The singleton configuration PIDs Kura's UI is to list. */
    private static final Set<String> CONFIGURABLE_PIDS = Set.of("dev.tether.schema", "dev.tether.store.derby",
            "dev.tether.transport.mqtt", "dev.tether.replication");
    private static final String CONFIGURABLE_COMPONENT = "org.eclipse.kura.configuration.ConfigurableComponent";
    /** Where Kura 6 starts add-ons from: plugins/&lt;start level&gt;s. */
    private static final String KURA6_ADDON_DIR = "/opt/eclipse/kura/plugins/6s/";

    private final Path kuraDir = Path.of(System.getProperty("tether.kura.dir"));

    @Test
    public void theDeploymentPackageNamesEveryBundleItCarriesWithItsOwnSymbolicNameAndVersion() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Manifest manifest;
        Path dpFile = kuraDir.resolve("tether-kura-" + VERSION + ".dp");
        try (JarInputStream dp = new JarInputStream(Files.newInputStream(dpFile))) {
            manifest = dp.getManifest();
            assertNotNull("the manifest is the first entry, as the Deployment Admin requires", manifest);
            for (JarEntry entry = dp.getNextJarEntry(); entry != null; entry = dp.getNextJarEntry()) {
                assertFalse("the Deployment Admin refuses entries the manifest does not name, directories too: " + entry,
                        entry.isDirectory());
                entries.put(entry.getName(), dp.readAllBytes());
            }
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("dev.tether.gateway", main.getValue("DeploymentPackage-SymbolicName"));
        assertEquals(OSGI_VERSION, main.getValue("DeploymentPackage-Version"));
        assertEquals("every resource is named in the manifest, in the order of its sections, and nothing else is in the package",
                sectionNamesInOrder(dpFile), List.copyOf(entries.keySet()));

        Set<String> symbolicNames = new TreeSet<>();
        for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
            Attributes bundle = bundleManifest(entries.get(section.getKey())).getMainAttributes();
            assertEquals(section.getKey(), bundle.getValue("Bundle-SymbolicName"), section.getValue().getValue("Bundle-SymbolicName"));
            assertEquals(section.getKey(), bundle.getValue("Bundle-Version"), section.getValue().getValue("Bundle-Version"));
            symbolicNames.add(bundle.getValue("Bundle-SymbolicName"));
        }
        assertEquals("the gateway without the console and the sample sensor, plus Gson", new TreeSet<>(EXPECTED_BUNDLES), symbolicNames);

        byte[] store = entries.get("bundles/tether-store-derby-" + VERSION + ".jar");
        byte[] transport = entries.get("bundles/tether-transport-mqtt-" + VERSION + ".jar");
        assertTrue("Derby is embedded in the store bundle", containsClass(store, "org/apache/derby/"));
        assertTrue("Paho is embedded in the transport bundle", containsClass(transport, "org/eclipse/paho/mqttv5/"));
        assertFalse("Derby stays private", exports(store, "org.apache.derby"));
        assertFalse("Paho stays private", exports(transport, "org.eclipse.paho"));
    }

    @Test
    public void everyComponentNeedsNoMoreThanDeclarativeServices14AsKura5sScrProvides() throws Exception {
        int components = 0;
        for (Path jar : tetherJars()) {
            byte[] bytes = Files.readAllBytes(jar);
            String requirements = bundleManifest(bytes).getMainAttributes().getValue("Require-Capability");
            Matcher extender = Pattern.compile("\\(osgi\\.extender=osgi\\.component\\)\\(version>=([0-9.]+)\\)").matcher(String.valueOf(requirements));
            if (!extender.find()) {
                continue; // no components
            }
            assertTrue(jar.getFileName() + " requires DS " + extender.group(1), compareVersions(extender.group(1), "1.4.0") <= 0);
            for (Map.Entry<String, byte[]> file : jarEntries(bytes).entrySet()) {
                if (file.getKey().matches("OSGI-INF/[^/]+\\.xml")) {
                    String namespace = parse(file.getValue()).getDocumentElement().getNamespaceURI();
                    Matcher version = Pattern.compile("http://www\\.osgi\\.org/xmlns/scr/v([0-9.]+)").matcher(namespace);
                    assertTrue(file.getKey() + ": " + namespace, version.matches());
                    assertTrue(jar.getFileName() + "!" + file.getKey() + " is DS " + version.group(1),
                            compareVersions(version.group(1), "1.4.0") <= 0);
                    components++;
                }
            }
        }
        assertTrue("the gateway's components were all seen, not none: " + components, components >= 9);
    }

    @Test
    public void theKuraAdapterImportsKurasPackageFromTheRuntimeAndMarksEveryConfigurablePid() throws Exception {
        Path adapter = kuraDir.resolve("dp/bundles/tether-kura-adapter-" + VERSION + ".jar");
        byte[] jar = Files.readAllBytes(adapter);
        Attributes headers = bundleManifest(jar).getMainAttributes();
        assertEquals("tether-kura-adapter", headers.getValue("Bundle-SymbolicName"));
        assertEquals(OSGI_VERSION, headers.getValue("Bundle-Version"));
        String kuraImport = Stream.of(headers.getValue("Import-Package").split(","))
                .filter(clause -> clause.startsWith("org.eclipse.kura.configuration")).findFirst().orElse(null);
        assertNotNull("Kura's package is imported: " + headers.getValue("Import-Package"), kuraImport);
        assertFalse("a mandatory import: without Kura the adapter stays unresolved: " + kuraImport, kuraImport.contains("optional"));
        assertEquals("the adapter exports nothing", null, headers.getValue("Export-Package"));
        Map<String, byte[]> files = jarEntries(jar);
        assertTrue("no Kura class is packaged, not even the compile-time marker",
                files.keySet().stream().noneMatch(name -> name.startsWith("org/eclipse/kura/")));

        Set<String> markedPids = new TreeSet<>();
        for (String componentXml : headers.getValue("Service-Component").split(",")) {
            Document component = parse(files.get(componentXml.trim()));
            NodeList provides = component.getElementsByTagName("provide");
            assertEquals(componentXml, 1, provides.getLength());
            assertEquals(componentXml, CONFIGURABLE_COMPONENT, ((Element) provides.item(0)).getAttribute("interface"));
            Map<String, String> properties = new HashMap<>();
            NodeList propertyElements = component.getElementsByTagName("property");
            for (int i = 0; i < propertyElements.getLength(); i++) {
                Element property = (Element) propertyElements.item(i);
                properties.put(property.getAttribute("name"), property.getAttribute("value"));
            }
            assertEquals(componentXml + ": Kura needs both PIDs", properties.get("service.pid"), properties.get("kura.service.pid"));
            markedPids.add(properties.get("service.pid"));
        }
        assertEquals(new TreeSet<>(CONFIGURABLE_PIDS), markedPids);
    }

    /** Without Kura the adapter cannot resolve: Karaf's resolver would refuse the whole feature, Felix would log it. */
    @Test
    public void theKuraAdapterIsInTheKuraPackagesOnly() throws Exception {
        try (Stream<Path> felixBundles = Files.list(Path.of(System.getProperty("tether.dist.dir")).resolve("gateway/bundle"))) {
            List<String> names = felixBundles.map(jar -> jar.getFileName().toString()).toList();
            assertTrue("the Felix runtime was assembled: " + names, names.contains("tether-replication-" + VERSION + ".jar"));
            assertFalse("not in the Felix runtime: " + names, names.contains("tether-kura-adapter-" + VERSION + ".jar"));
        }
        String features = Files.readString(Path.of(System.getProperty("tether.features.dir")).resolve("features.xml"));
        assertTrue(features.contains("tether-replication"));
        assertFalse("not in the Karaf features", features.contains("tether-kura-adapter"));
    }

    @Test
    public void configurableComponentsCarryTheMetatypeKurasUiReads() throws Exception {
        Set<String> checked = new HashSet<>();
        for (Path jar : tetherJars()) {
            Map<String, byte[]> files = jarEntries(Files.readAllBytes(jar));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (!file.getKey().startsWith("OSGI-INF/metatype/")) {
                    continue;
                }
                Document metatype = parse(file.getValue());
                NodeList designates = metatype.getElementsByTagNameNS("*", "Designate");
                for (int i = 0; i < designates.getLength(); i++) {
                    Element designate = (Element) designates.item(i);
                    String pid = designate.getAttribute("pid");
                    if (pid.isEmpty()) {
                        continue; // a factory configuration
                    }
                    String ocd = ((Element) designate.getElementsByTagNameNS("*", "Object").item(0)).getAttribute("ocdref");
                    assertEquals(jar.getFileName() + ": OCD id = PID", pid, ocd);
                    assertEquals(jar.getFileName() + ": metatype file named after the PID", "OSGI-INF/metatype/" + pid + ".xml", file.getKey());
                    assertTrue(jar.getFileName() + ": a component named " + pid,
                            files.containsKey("OSGI-INF/" + pid + ".xml")
                                    && componentNames(files.get("OSGI-INF/" + pid + ".xml")).contains(pid));
                    checked.add(pid);
                }
            }
        }
        assertEquals(CONFIGURABLE_PIDS, checked);
    }

    @Test
    public void theDebianPackageLaysTheSameJarsOutAsKura6AddOnsAre() throws Exception {
        assumeTrue("dpkg-deb is on this machine", Files.isExecutable(Path.of("/usr/bin/dpkg-deb")));
        Path deb = kuraDir.resolve("tether-kura_" + DEBIAN_VERSION + "_all.deb");
        assertTrue(deb + " was built", Files.isRegularFile(deb));

        String info = run("/usr/bin/dpkg-deb", "-I", deb.toString());
        assertTrue(info, info.contains("Package: tether-kura"));
        assertTrue(info, info.contains("Version: " + DEBIAN_VERSION));
        assertTrue(info, info.contains("Architecture: all"));
        assertTrue("installs only where Kura is: " + info, info.contains("Depends: kura"));

        Set<String> files = run("/usr/bin/dpkg-deb", "-c", deb.toString()).lines()
                .map(line -> line.substring(line.indexOf("./") + 1))
                .filter(path -> path.endsWith(".jar"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected;
        try (Stream<Path> jars = Files.list(kuraDir.resolve("dp/bundles"))) {
            expected = jars.map(jar -> KURA6_ADDON_DIR + jar.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(EXPECTED_BUNDLES.size(), expected.size());
        assertEquals(expected, files);
    }

    private List<Path> tetherJars() throws IOException {
        try (Stream<Path> jars = Files.list(kuraDir.resolve("dp/bundles"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("tether-")).sorted().toList();
        }
    }

    /** The Name sections of a jar's manifest in their order (java.util.jar.Manifest keeps no order). */
    private static List<String> sectionNamesInOrder(Path jar) throws IOException {
        String manifest;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            try (InputStream in = zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF"))) {
                manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return manifest.replace("\r\n", "\n").replace("\n ", "").lines()
                .filter(line -> line.startsWith("Name: ")).map(line -> line.substring("Name: ".length())).toList();
    }

    private static int compareVersions(String left, String right) {
        int[] a = Stream.of(left.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] b = Stream.of(right.split("\\.")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference = (i < a.length ? a[i] : 0) - (i < b.length ? b[i] : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static Manifest bundleManifest(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            assertNotNull("a bundle has a manifest", manifest);
            return manifest;
        }
    }

    /** Whether the bundle holds classes under {@code prefix}, directly or in a jar on its Bundle-ClassPath. */
    private static boolean containsClass(byte[] jar, String prefix) throws IOException {
        Map<String, byte[]> entries = jarEntries(jar);
        if (entries.keySet().stream().anyMatch(name -> name.startsWith(prefix) && name.endsWith(".class"))) {
            return true;
        }
        String classPath = bundleManifest(jar).getMainAttributes().getValue("Bundle-ClassPath");
        if (classPath == null) {
            return false;
        }
        for (String element : classPath.split(",")) {
            byte[] nested = entries.get(element.trim());
            if (nested != null && element.trim().endsWith(".jar") && containsClass(nested, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean exports(byte[] jar, String packagePrefix) throws IOException {
        String exports = bundleManifest(jar).getMainAttributes().getValue("Export-Package");
        return exports != null && exports.contains(packagePrefix);
    }

    private static Map<String, byte[]> jarEntries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = new ByteArrayInputStream(xml)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<String> componentNames(byte[] xml) throws Exception {
        NodeList components = parse(xml).getElementsByTagNameNS("*", "component");
        return java.util.stream.IntStream.range(0, components.getLength())
                .mapToObj(i -> ((Element) components.item(i)).getAttribute("name")).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.waitFor());
        return output;
    }
}
