package dev.tether.itests.console;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;

import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;

/**
 * Pax Exam options for a gateway with the console: a test system's gateway (the shell left out)
 * with HTTP on a free loopback port that the probe reads from {@code itest.http.port}.
 */
final class ConsoleGateway {

    static final String HTTP_PORT_PROPERTY = "itest.http.port";

    private ConsoleGateway() {
    }

    static Option[] options(String device, String name) throws IOException {
        TestSystem system = TestSystem.start(name);
        String httpPort = Integer.toString(MosquittoBroker.freePort());
        return OptionUtils.combine(
                system.options(system.gateway(device).set("dev.tether.store.derby", "durability", "test")),
                systemProperty(HTTP_PORT_PROPERTY).value(httpPort),
                frameworkProperty("org.osgi.service.http.port").value(httpPort),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
    }
}
