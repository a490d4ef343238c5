package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.inject.Inject;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.store.LocalConflict;
import dev.tether.store.LocalStore;
import dev.tether.sync.SyncService;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The same item edited on the gateway while it is cut off from the broker and in the cloud through
 * its API, once per conflict policy of the sample schema: after the gateway reconnects both sides
 * hold the same item, the one the policy picks, and both sides log the conflict with the losing
 * write in it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConflictIT {

    private static final String DEVICE = "conflict-gateway-5";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Configuration
    public Option[] configure() throws IOException {
        TestSystem system = TestSystem.start("conflict");
        return system.options(system.gateway(DEVICE));
    }

    @Test
    public void cloudWinsKeepsTheCloudsEditOnBothSides() throws Exception {
        Map<String, Object> item = Map.of("deviceId", DEVICE, "sensor", "temperature", "owner", Map.of("team", "initial"));
        Function<String, Map<String, Object>> edit = team -> with(item, "owner", Map.of("team", team));

        Settled settled = editConcurrently("Threshold", item, edit, "Threshold#temperature",
                content -> ((Map<?, ?>) content.get("owner")).get("team"));

        assertEquals("cloud", settled.value());
        assertEquals("cloud-wins", settled.cloudConflict().get("policy"));
        assertEquals("cloud", settled.cloudConflict().get("winner"));
        assertFalse(settled.deviceConflict().deviceWon());
    }

    @Test
    public void deviceWinsKeepsTheGatewaysEditOnBothSides() throws Exception {
        Map<String, Object> item = Map.of("deviceId", DEVICE, "name", "watering", "cron", "initial");
        Function<String, Map<String, Object>> edit = side -> with(item, "cron", side);

        Settled settled = editConcurrently("Schedule", item, edit, "Schedule#watering", content -> content.get("cron"));

        assertEquals("device", settled.value());
        assertEquals("device-wins", settled.cloudConflict().get("policy"));
        assertEquals("device", settled.cloudConflict().get("winner"));
        assertTrue(settled.deviceConflict().deviceWon());
    }

    @Test
    public void lastWriterWinsKeepsTheEditWithTheLaterClockOnBothSides() throws Exception {
        Map<String, Object> item = Map.of("deviceId", DEVICE, "id", "lww-1", "code", "E1", "severity", "warning");
        Function<String, Map<String, Object>> edit = side -> with(item, "severity", side.equals("device") ? "critical" : "info");

        Settled settled = editConcurrently("Fault", item, edit, "Fault#lww-1", content -> content.get("severity"));

        assertEquals("lww", settled.cloudConflict().get("policy"));
        Map<String, Object> detail = GSON.fromJson((String) settled.cloudConflict().get("detail"),
                new TypeToken<Map<String, Object>>() { }.getType());
        String cloudHlc = (String) ((Map<?, ?>) detail.get("cloud")).get("hlc");
        String deviceHlc = (String) ((Map<?, ?>) detail.get("device")).get("hlc");
        boolean deviceLater = deviceHlc.compareTo(cloudHlc) > 0; // canonical HLC strings sort like the clocks
        assertEquals(deviceLater ? "critical" : "info", settled.value());
        assertEquals(deviceLater ? "device" : "cloud", settled.cloudConflict().get("winner"));
        assertEquals(deviceLater, settled.deviceConflict().deviceWon());
    }

    /**
     * Creates the item on the gateway and waits until the cloud has it; cuts the gateway off, edits
     * the item on both sides (value "device" on the gateway, "cloud" in the cloud), reconnects, and
     * waits until both sides hold the same item and both logged the conflict.
     */
    private Settled editConcurrently(String model, Map<String, Object> item, Function<String, Map<String, Object>> edit,
            String sk, Function<Map<String, Object>, Object> valueOf) throws Exception {
        String pk = model + "#" + DEVICE;
        await("gateway connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        store.put(model, item);
        await(model + " created in the cloud").atMost(SYNC_WAIT)
                .until(() -> cloud().item(DEVICE, model, pk, sk).isPresent() && store.outbox().depth() == 0);
        long conflictsBefore = sync.conflictCount();

        MosquittoBroker broker = TestSystem.broker();
        broker.stop();
        await("gateway sees the broker gone").atMost(SYNC_WAIT).until(() -> !sync.status().connected());
        store.put(model, edit.apply("device"));
        cloud().put(DEVICE, model, edit.apply("cloud"));
        broker.restart();

        Map<String, Object> key = keyOf(pk, sk);
        await("both sides hold the same " + model).atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0
                && sync.conflictCount() == conflictsBefore + 1
                && Objects.equals(valueOf.apply(store.get(model, key).orElseThrow()),
                        valueOf.apply(cloud().itemContent(DEVICE, model, pk, sk))));
        Object value = valueOf.apply(store.get(model, key).orElseThrow());
        // the down feed must not undo the settlement afterwards
        await("the settled item stays").during(Duration.ofSeconds(2)).atMost(SYNC_WAIT)
                .until(() -> value.equals(valueOf.apply(store.get(model, key).orElseThrow()))
                        && value.equals(valueOf.apply(cloud().itemContent(DEVICE, model, pk, sk))));

        Map<String, Object> cloudConflict = cloud().conflicts().stream()
                .filter(conflict -> model.equals(conflict.get("model"))).findFirst().orElseThrow();
        assertEquals(DEVICE, cloudConflict.get("device"));
        assertEquals(sk, ((Map<?, ?>) cloudConflict.get("key")).get("sk"));
        LocalConflict deviceConflict = store.inbound().conflicts(100).stream()
                .filter(conflict -> conflict.model().equals(model)).findFirst().orElseThrow();
        assertEquals(sk, deviceConflict.key().sk());

        // nothing is lost: each side's edit is in the logs whichever won
        String detail = (String) cloudConflict.get("detail");
        assertContainsValueOf(detail, valueOf.apply(edit.apply("device")));
        assertContainsValueOf(detail, valueOf.apply(edit.apply("cloud")));
        assertEquals(valueOf.apply(edit.apply("device")), valueOf.apply(deviceConflict.local()));
        assertEquals(value, valueOf.apply(deviceConflict.winner()));
        return new Settled(value, cloudConflict, deviceConflict);
    }

    private static void assertContainsValueOf(String detail, Object value) {
        assertTrue(detail + " has " + value, detail.contains("\"" + value + "\""));
    }

    private static Map<String, Object> keyOf(String pk, String sk) {
        return Map.of("pk", pk, "sk", sk);
    }

    private static Map<String, Object> with(Map<String, Object> item, String field, Object value) {
        Map<String, Object> edited = new HashMap<>(item);
        edited.put(field, value);
        return edited;
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }

    private record Settled(Object value, Map<String, Object> cloudConflict, LocalConflict deviceConflict) {
    }
}
