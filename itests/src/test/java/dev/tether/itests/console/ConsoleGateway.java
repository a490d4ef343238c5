package dev.tether.itests.console;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.MosquittoBroker;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for a gateway with the console: the distribution's bundles (the shell left
 * out), configured through FileInstall from the project's configuration, a real mosquitto and the
 * real cloud service, and HTTP on a free loopback port that the probe reads from {@code itest.http.port}.
 */
final class ConsoleGateway {

    static final String HTTP_PORT_PROPERTY = "itest.http.port";

    private ConsoleGateway() {
    }

    static Option[] options(String device, String name) throws IOException {
        Path distribution = Path.of(System.getProperty("tether.dist.dir"));
        Path config = Path.of(System.getProperty("tether.config.dir"));
        Path work = Path.of(System.getProperty("tether.work.dir")).resolve(name + "-" + System.currentTimeMillis());

        MosquittoBroker broker = MosquittoBroker.start(work.resolve("mosquitto"));
        CloudService cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri());
        Path load = new GatewayConfiguration(config)
                .without("dev.tether.sample.sensor")
                .set("dev.tether.schema", "schemaPath", config.resolve("schema.json").toString())
                .set("dev.tether.store.derby", "databasePath", work.resolve("store").toString())
                .set("dev.tether.store.derby", "durability", "test")
                .set("dev.tether.transport.mqtt", "brokerUri", broker.uri())
                .set("dev.tether.transport.mqtt", "clientId", device)
                .set("dev.tether.replication", "deviceId", device)
                .set("dev.tether.replication", "pollIntervalMillis", "50")
                .writeTo(work.resolve("load"));
        int httpPort = MosquittoBroker.freePort();

        List<Option> options = new ArrayList<>();
        options.add(workingDirectory(work.resolve("felix").toString()));
        options.add(systemProperty("itest.cloud.http").value(cloud.httpBase()));
        options.add(systemProperty(HTTP_PORT_PROPERTY).value(Integer.toString(httpPort)));
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(httpPort)));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(load.toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        try (Stream<Path> jars = Files.list(distribution.resolve("gateway/bundle"))) {
            jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .filter(jar -> !jar.getFileName().toString().startsWith("org.apache.felix.gogo.shell"))
                    .sorted()
                    .forEach(jar -> options.add(bundle(jar.toUri().toString())));
        }
        options.add(mavenBundle("org.awaitility", "awaitility", System.getProperty("itest.awaitility.version")));
        options.add(mavenBundle("org.hamcrest", "hamcrest", System.getProperty("itest.hamcrest.version")));
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }
}
