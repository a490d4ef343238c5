package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;

/**
 * The README's operator recipe: with the store shut down (gateway stopped), Derby's {@code ij} on
 * the database directory reads the tables and outbox, and its writes are captured like any other.
 */
public class OperatorAccessTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void ijReadsTheTablesAndItsWritesAreCaptured() throws Exception {
        fixture.store().create("Fault", item("deviceId", "gw-1", "id", "f1", "code", "E42"));
        Path database = fixture.database().path();
        fixture.database().shutdown();

        String output = ij("connect 'jdbc:derby:" + database + "';\n"
                + "select CODE, SEVERITY from TETHER.FAULT;\n"
                + "update TETHER.FAULT set SEVERITY = 'critical' where ID = 'f1';\n"
                + "select count(*) as PENDING from TETHER.OUTBOX;\n"
                + "disconnect;\nexit;\n");
        assertTrue(output, output.contains("E42"));
        assertTrue(output, output.contains("1 row inserted/updated/deleted"));

        fixture.reopen();
        assertEquals(2, fixture.store().outbox().depth());
        assertEquals("critical", fixture.store().get("Fault", item("deviceId", "gw-1", "id", "f1")).orElseThrow().get("severity"));
    }

    private static String ij(String script) throws IOException, InterruptedException {
        String derbyJars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.matches(".*derby(shared|tools)?-[0-9.]+\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", derbyJars, "-Dderby.stream.error.file=target/ij-derby.log", "org.apache.derby.tools.ij"))
                .redirectErrorStream(true).start();
        try (OutputStream input = process.getOutputStream()) {
            input.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("ij finished", process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }
}
