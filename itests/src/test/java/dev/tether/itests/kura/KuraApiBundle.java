package dev.tether.itests.kura;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Stands in for the Kura runtime's API bundle: a bundle exporting {@code org.eclipse.kura.configuration}
 * with the marker interface the Kura adapter compiles against (its {@code src/kura-api/java}), compiled
 * and packed by the test.
 */
final class KuraApiBundle {

    static final String PACKAGE = "org.eclipse.kura.configuration";

    private KuraApiBundle() {
    }

    /** Compiles the sources under {@code sourceRoot} and writes the bundle to {@code dir}; returns the jar. */
    static Path build(Path sourceRoot, Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> sources;
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
        }
        if (sources.isEmpty()) {
            throw new IllegalStateException("no Kura API sources under " + sourceRoot);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] arguments = Stream.concat(Stream.of("--release", "17", "-d", classes.toString()), sources.stream())
                .toArray(String[]::new);
        if (javac.run(null, null, null, arguments) != 0) {
            throw new IllegalStateException("the Kura API sources under " + sourceRoot + " do not compile");
        }

        Manifest manifest = new Manifest();
        Attributes headers = manifest.getMainAttributes();
        headers.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.putValue("Bundle-ManifestVersion", "2");
        headers.putValue("Bundle-SymbolicName", "itest.kura.api");
        headers.putValue("Bundle-Version", "1.0.0");
        headers.putValue("Export-Package", PACKAGE + ";version=\"1.0.0\"");
        Path jar = dir.resolve("itest.kura.api.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile).forEach(file -> add(out, classes.relativize(file).toString().replace('\\', '/'), file));
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, Path file) {
        try {
            out.putNextEntry(new JarEntry(name));
            out.write(Files.readAllBytes(file));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add " + file, e);
        }
    }
}
