package dev.tether.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/** The Pax Exam options of a test gateway: the distribution's bundles, FileInstall on a load folder, test properties. */
public final class GatewayOptions {

    private GatewayOptions() {
    }

    public static Option[] of(Path distribution, Path work, Path load, Map<String, String> testProperties) throws IOException {
        return of(distribution, work, load, testProperties, jarName -> false);
    }

    /** The same, leaving out the gateway bundles whose jar file name {@code leaveOut} accepts. */
    public static Option[] of(Path distribution, Path work, Path load, Map<String, String> testProperties,
            Predicate<String> leaveOut) throws IOException {
        List<Option> options = new ArrayList<>();
        options.add(workingDirectory(work.resolve("felix").toString()));
        testProperties.forEach((key, value) -> options.add(systemProperty(key).value(value)));
        options.add(frameworkProperty("felix.fileinstall.dir").value(load.toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        try (Stream<Path> jars = Files.list(distribution.resolve("gateway/bundle"))) {
            jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .filter(jar -> !jar.getFileName().toString().startsWith("org.apache.felix.gogo.shell"))
                    .filter(jar -> !leaveOut.test(jar.getFileName().toString()))
                    .sorted()
                    .forEach(jar -> options.add(bundle(jar.toUri().toString()).start(!isFragment(jar))));
        }
        options.add(mavenBundle("org.awaitility", "awaitility", System.getProperty("itest.awaitility.version")));
        options.add(mavenBundle("org.hamcrest", "hamcrest", System.getProperty("itest.hamcrest.version")));
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** Fragments are installed, never started: Felix ignores a start, Equinox refuses it. */
    private static boolean isFragment(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
