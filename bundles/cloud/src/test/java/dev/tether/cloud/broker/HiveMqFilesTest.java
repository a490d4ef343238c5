package dev.tether.cloud.broker;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HiveMqFilesTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void configHasTheListenerAndNoUsageStatistics() throws Exception {
        Path conf = temp.getRoot().toPath().resolve("conf");

        HiveMqFiles.write(conf, "127.0.0.1", 18830);

        String config = Files.readString(conf.resolve("config.xml"));
        assertTrue(config, config.contains("<port>18830</port>"));
        assertTrue(config, config.contains("<bind-address>127.0.0.1</bind-address>"));
        assertTrue(config, config.replaceAll("\\s", "").contains("<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>"));
        String logback = Files.readString(conf.resolve("logback.xml"));
        assertTrue(logback, logback.contains("<target>System.err</target>"));
    }

    @Test
    public void theHostIsEscaped() {
        assertTrue(HiveMqFiles.configXml("a<b&c", 1).contains("<bind-address>a&lt;b&amp;c</bind-address>"));
    }
}
