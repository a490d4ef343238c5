package dev.tether.store.derby.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.Test;

/**
 * The manifest bnd generated (before the tests run, into target/classes) embeds Derby privately:
 * the three Derby jars on the Bundle-ClassPath, nothing of Derby imported or exported.
 */
public class BundleManifestTest {

    private static final Path CLASSES = Path.of("target/classes");

    private static Attributes manifest() throws Exception {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in).getMainAttributes();
        }
    }

    @Test
    public void derbyJarsAreNestedOnTheBundleClassPath() throws Exception {
        assertEquals(".,lib/derby.jar,lib/derbyshared.jar,lib/derbytools.jar", manifest().getValue("Bundle-ClassPath"));
        for (String jar : List.of("derby.jar", "derbyshared.jar", "derbytools.jar")) {
            assertTrue(jar, Files.size(CLASSES.resolve("lib").resolve(jar)) > 0);
        }
    }

    @Test
    public void nothingOfDerbyIsImportedOrExported() throws Exception {
        Attributes manifest = manifest();
        assertFalse(manifest.getValue("Import-Package"), manifest.getValue("Import-Package").contains("org.apache.derby"));
        assertNull(manifest.getValue("Export-Package"));
        assertEquals("tether-store-derby", manifest.getValue("Bundle-SymbolicName"));
    }

    @Test
    public void onlyJdkAndTetherImportsAreMandatory() throws Exception {
        String imports = manifest().getValue("Import-Package");
        for (String clause : imports.split(",(?=[a-z])")) {
            String name = clause.split(";")[0];
            boolean optional = clause.contains("resolution:=optional");
            boolean expectedMandatory = name.startsWith("java.") || name.startsWith("dev.tether.")
                    || name.startsWith("com.google.gson") || name.startsWith("org.osgi.") || name.equals("javax.sql");
            assertEquals(clause, expectedMandatory, !optional);
        }
    }
}
