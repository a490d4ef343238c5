package dev.tether.itests.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.CloudService;
import dev.tether.itests.support.GatewayConfiguration;
import dev.tether.itests.support.GatewayOptions;
import dev.tether.itests.support.MosquittoBroker;
import dev.tether.itests.support.TestSystem;
import dev.tether.protocol.Ack;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.ChangeBatch;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.Topics;
import dev.tether.schema.Schema;
import dev.tether.schema.SchemaException;
import dev.tether.schema.SchemaService;
import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;
import dev.tether.store.UnknownModelException;
import dev.tether.sync.SyncService;
import dev.tether.transport.PublishOptions;
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
 * Every {@code control} combination of {@code enable} (device, cloud, both) and {@code sync} (up,
 * down, both, none): the six the schema refuses are refused; for the six it accepts, one model each
 * (named after its combination) shows which way a write made on the device and one made in the cloud
 * travel — and that the cloud refuses a device's change to a model that does not sync up even when
 * the device sends one that its own store would never have let through.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelMatrixIT {

    private static final String DEVICE = "matrix-gateway-23";
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);
    private static final List<String> ENABLES = List.of("device", "cloud", "both");
    private static final List<String> SYNCS = List.of("up", "down", "both", "none");

    @Inject
    @Filter(timeout = 60_000)
    private LocalStore store;

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(timeout = 60_000)
    private Transport transport;

    @Inject
    @Filter(timeout = 60_000)
    private SchemaService schemas;

    @Configuration
    public Option[] configure() throws IOException {
        Path distribution = TestSystem.distribution();
        Path config = TestSystem.config();
        Path work = TestSystem.newWorkFolder("model-matrix");
        Files.createDirectories(work);
        Path schema = Files.writeString(work.resolve("matrix-schema.json"), schemaOf(accepted()), StandardCharsets.UTF_8);
        MosquittoBroker broker = MosquittoBroker.start(work.resolve("mosquitto"));
        CloudService cloud = CloudService.start(distribution, work.resolve("cloud"), broker.uri(),
                Map.of("TETHER_CLOUD_SCHEMA_PATH", schema.toString()));
        Path load = GatewayConfiguration.forDevice(config, work, broker.uri(), DEVICE)
                .set("dev.tether.schema", "schemaPath", schema.toString())
                .writeTo(work.resolve("load"));
        return GatewayOptions.of(distribution, work, load, Map.of("itest.cloud.http", cloud.httpBase()));
    }

    @Test
    public void theSchemaRefusesSyncForAModelThatIsNotOnBothSides() {
        int refused = 0;
        for (String enable : ENABLES) {
            for (String sync : SYNCS) {
                String json = schemaOf(List.of(new Combination(enable, sync)));
                if (enable.equals("both") || sync.equals("none")) {
                    assertTrue(Schema.parse(json).model(new Combination(enable, sync).model()).isPresent());
                    continue;
                }
                SchemaException problem = assertThrows(enable + "/" + sync, SchemaException.class, () -> Schema.parse(json));
                assertTrue(problem.getMessage(), problem.getMessage().contains("control.sync"));
                refused++;
            }
        }
        assertEquals(6, refused);
        for (Combination combination : accepted()) {
            assertTrue(combination.model() + " in force on the gateway",
                    schemas.current().model(combination.model()).isPresent());
        }
    }

    @Test
    public void aDeviceWriteReachesTheCloudOnlyForModelsThatSyncUp() {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        String name = "fromdevice";
        for (Combination combination : accepted()) {
            String model = combination.model();
            Map<String, Object> item = Map.of("deviceId", DEVICE, "name", name, "value", "device");
            if (combination.enable().equals("cloud")) {
                assertThrows(model, UnknownModelException.class, () -> store.put(model, item));
            } else if (combination.sync().equals("down")) {
                StoreException refused = assertThrows(model, StoreException.class, () -> store.put(model, item));
                assertTrue(refused.getMessage(), refused.getMessage().contains(model));
            } else {
                store.put(model, item);
                assertEquals(model + " kept on the device", "device",
                        store.get(model, Map.of("deviceId", DEVICE, "name", name)).orElseThrow().get("value"));
            }
        }
        await("what syncs up is in the cloud").atMost(SYNC_WAIT).until(() -> store.outbox().depth() == 0
                && inCloud("BothUp", name) && inCloud("BothBoth", name));
        assertEquals(0, sync.status().deadLetters());
        for (String model : List.of("BothDown", "BothNone", "DeviceNone", "CloudNone")) {
            assertFalse(model + " did not go up", inCloud(model, name));
        }
    }

    @Test
    public void aCloudWriteReachesTheDeviceOnlyForModelsThatSyncDown() {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        String name = "fromcloud";
        Map<String, Object> item = Map.of("deviceId", DEVICE, "name", name, "value", "cloud");
        IllegalStateException deviceOnly = assertThrows(IllegalStateException.class,
                () -> cloud().put("/api/devices/" + DEVICE + "/items/DeviceNone", item));
        assertTrue(deviceOnly.getMessage(), deviceOnly.getMessage().contains("400"));
        // written first, so that by the time the later writes arrived these would have, had they been sent and applied
        for (String model : List.of("BothUp", "BothNone", "CloudNone", "BothDown", "BothBoth")) {
            cloud().put("/api/devices/" + DEVICE + "/items/" + model, item);
            assertTrue(model + " stored in the cloud", inCloud(model, name));
        }

        await("what syncs down is on the device").atMost(SYNC_WAIT)
                .until(() -> onDevice("BothDown", name) && onDevice("BothBoth", name));
        await("and nothing else").during(Duration.ofSeconds(2)).atMost(SYNC_WAIT)
                .until(() -> !onDevice("BothUp", name) && !onDevice("BothNone", name) && store.outbox().depth() == 0);
        assertThrows("no table for a cloud-only model", UnknownModelException.class,
                () -> store.get("CloudNone", Map.of("deviceId", DEVICE, "name", name)));
        assertFalse(inCloud("DeviceNone", name));
    }

    @Test
    public void theCloudRejectsADevicesChangeToAModelThatDoesNotSyncUp() throws Exception {
        await("connected").atMost(SYNC_WAIT).until(() -> sync.status().connected());
        String name = "forged";
        List<Change> changes = new ArrayList<>();
        for (Combination combination : accepted()) {
            String model = combination.model();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("pk", model + "#" + DEVICE);
            item.put("sk", model + "#" + name);
            item.put("deviceId", DEVICE);
            item.put("name", name);
            item.put("value", "sent anyway");
            changes.add(new Change(model, new ItemKey(model + "#" + DEVICE, model + "#" + name), Op.PUT, item, null,
                    new Hlc(System.currentTimeMillis(), 0).toString()));
        }

        Map<String, AckResult> results = sendAsTheDevice(changes);

        for (Combination combination : accepted()) {
            String model = combination.model();
            AckResult result = results.get(model);
            if (combination.syncsUp()) {
                assertEquals(model, AckStatus.APPLIED, result.status());
                assertTrue(model, inCloud(model, name));
            } else {
                assertEquals(model + ": " + result.error(), AckStatus.REJECTED, result.status());
                assertFalse(model, inCloud(model, name));
            }
        }
        assertTrue(results.get("BothDown").error(), results.get("BothDown").error().contains("does not sync up"));
        assertTrue(results.get("CloudNone").error(), results.get("CloudNone").error().contains("cloud only"));
    }

    /** Publishes a batch on the device's up topic through the gateway's own transport and returns the cloud's verdicts by model. */
    private Map<String, AckResult> sendAsTheDevice(List<Change> changes) throws Exception {
        ProtocolCodec codec = new ProtocolCodec();
        Topics topics = new Topics(Topics.DEFAULT_PREFIX);
        String batch = "forged-" + UUID.randomUUID();
        CompletableFuture<Ack> answered = new CompletableFuture<>();
        Subscription acks = transport.subscribe(topics.downAck(DEVICE), message -> {
            try {
                Ack ack = codec.decodeAck(message.payload());
                if (ack.batch().equals(batch)) {
                    answered.complete(ack);
                }
            } catch (ProtocolException e) {
                answered.completeExceptionally(e);
            }
        });
        try {
            transport.publish(topics.upChanges(DEVICE), codec.encode(new ChangeBatch(batch, changes)),
                    PublishOptions.NONE.withContentType(Transport.JSON_CONTENT_TYPE).withUserProperties(
                            Map.of(Transport.SCHEMA_VERSION_PROPERTY, schemas.current().versionId())))
                    .get(30, TimeUnit.SECONDS);
            Map<String, AckResult> byModel = new LinkedHashMap<>();
            answered.get(60, TimeUnit.SECONDS).results().forEach(result -> byModel.put(result.model(), result));
            assertEquals(changes.size(), byModel.size());
            return byModel;
        } finally {
            acks.close();
        }
    }

    private boolean inCloud(String model, String name) {
        return cloud().item(DEVICE, model, model + "#" + DEVICE, model + "#" + name).isPresent();
    }

    private boolean onDevice(String model, String name) {
        return store.get(model, Map.of("deviceId", DEVICE, "name", name)).isPresent();
    }

    private static List<Combination> accepted() {
        List<Combination> accepted = new ArrayList<>();
        for (String enable : ENABLES) {
            for (String sync : SYNCS) {
                if (enable.equals("both") || sync.equals("none")) {
                    accepted.add(new Combination(enable, sync));
                }
            }
        }
        return accepted;
    }

    /** A schema with one device-scoped model per combination, named after it (e.g. {@code BothUp}). */
    private static String schemaOf(List<Combination> combinations) {
        StringBuilder models = new StringBuilder();
        StringBuilder control = new StringBuilder();
        for (Combination combination : combinations) {
            String model = combination.model();
            if (models.length() > 0) {
                models.append(",\n");
                control.append(",\n");
            }
            models.append("    \"").append(model).append("\": {\n")
                    .append("      \"pk\": { \"type\": \"string\", \"value\": \"").append(model).append("#${deviceId}\" },\n")
                    .append("      \"sk\": { \"type\": \"string\", \"value\": \"").append(model).append("#${name}\" },\n")
                    .append("      \"deviceId\": { \"type\": \"string\", \"required\": true },\n")
                    .append("      \"name\": { \"type\": \"string\", \"required\": true },\n")
                    .append("      \"value\": { \"type\": \"string\" }\n")
                    .append("    }");
            control.append("    \"").append(model).append("\": { \"enable\": \"").append(combination.enable())
                    .append("\", \"sync\": \"").append(combination.sync()).append("\" }");
        }
        return "{\n  \"format\": \"onetable:1.1.0\",\n  \"version\": \"1.0.0\",\n"
                + "  \"indexes\": { \"primary\": { \"hash\": \"pk\", \"sort\": \"sk\" } },\n"
                + "  \"models\": {\n" + models + "\n  },\n"
                + "  \"control\": {\n" + control + "\n  }\n}\n";
    }

    private static CloudApi cloud() {
        return TestSystem.cloudApi();
    }

    private record Combination(String enable, String sync) {

        String model() {
            return capitalized(enable) + capitalized(sync);
        }

        boolean syncsUp() {
            return Set.of("up", "both").contains(sync);
        }

        private static String capitalized(String word) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }
}
