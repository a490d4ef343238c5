package dev.tether.itests.cloud;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.TestSystem;
import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.Topics;
import dev.tether.transport.InboundMessage;
import dev.tether.transport.Subscription;
import dev.tether.transport.Transport;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The cloud-to-gateway direction as far as it exists: an item written through the cloud API is
 * published on the gateway's down/changes topic and arrives, with its content, version and cursor,
 * at a subscriber inside the gateway's framework that uses the real {@link Transport} service. The
 * engine's side of applying down changes to the local store is another issue.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudToGatewayIT {

    private static final String DEVICE = "itest-gateway-down-3";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @Filter(timeout = 60_000)
    private Transport transport;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("cloud-to-gateway");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void anItemWrittenThroughTheCloudApiArrivesOnTheGatewaysDownChangesTopic() throws Exception {
        ProtocolCodec codec = new ProtocolCodec();
        List<DownChanges> received = new CopyOnWriteArrayList<>();
        String topic = new Topics(Topics.DEFAULT_PREFIX).downChanges(DEVICE);
        await("transport connected").atMost(WAIT).until(transport::isConnected);
        try (Subscription ignored = transport.subscribe(topic, (InboundMessage message) -> {
            try {
                received.add(codec.decodeDownChanges(message.payload()));
            } catch (Exception e) {
                throw new IllegalStateException("not a down/changes message on " + message.topic(), e);
            }
        })) {
            CloudApi cloud = TestSystem.cloudApi();
            Map<String, Object> stored = cloud.put(DEVICE, "Setting", Map.of("name", "sampling", "value", "fast"));
            long version = ((Number) stored.get("version")).longValue();

            await("the Setting on " + topic).atMost(WAIT).until(() -> received.stream()
                    .anyMatch(down -> down.changes().stream().anyMatch(change -> change.version() == version)));

            DownChanges message = received.stream()
                    .filter(down -> down.changes().stream().anyMatch(change -> change.version() == version)).findFirst().orElseThrow();
            DownChange change = message.changes().stream().filter(c -> c.version() == version).findFirst().orElseThrow();
            assertEquals(new ItemKey("Setting#" + DEVICE, "Setting#sampling"), change.key());
            assertEquals(Op.PUT, change.op());
            assertEquals("fast", change.item().get("value"));
            assertEquals(DEVICE, change.item().get("deviceId"));
            assertEquals("cloud-api", change.origin());
            assertEquals("the cursor is the version of the last change", version, message.cursor().longValue());
            assertTrue("the previous cursor comes before", message.previous() < version);
            assertFalse(message.more());
        }
    }
}
