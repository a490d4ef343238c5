package dev.tether.cloud;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.Test;

public class CommandLineTest {

    @Test
    public void configFileIsOptional() {
        assertEquals(new CommandLine(Optional.empty(), false), CommandLine.parse());
        assertEquals(Optional.of(Path.of("conf/cloud.properties")), CommandLine.parse("--config", "conf/cloud.properties").configFile());
    }

    @Test
    public void helpIsRecognised() {
        assertTrue(CommandLine.parse("--help").help());
        assertFalse(CommandLine.parse().help());
    }

    @Test
    public void wrongArgumentsAreRefused() {
        assertEquals("--config needs a file", assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config")).getMessage());
        assertEquals("unknown argument '--port'", assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--port", "1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config", "a", "--config", "b"));
    }
}
