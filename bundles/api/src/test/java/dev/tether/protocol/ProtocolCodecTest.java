package dev.tether.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ProtocolCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    public void batchSurvivesARoundTripWithTypesIntact() throws Exception {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", "Reading#dev-1");
        item.put("count", 42L);
        item.put("temperature", 21.5);
        item.put("ok", true);
        item.put("tags", List.of("a", "b"));
        item.put("nested", Map.of("depth", 2L));
        item.put("text", "<ü & \"quoted\">");
        ChangeBatch batch = new ChangeBatch("b-1", List.of(
                new Change("Reading", new ItemKey("Reading#dev-1", "Reading#0001"), Op.PUT, item, 7L, new Hlc(1_700_000_000_000L, 3).toString()),
                new Change("Reading", ItemKey.of("Reading#dev-2"), Op.DELETE, null, null, new Hlc(5, 0).toString())));

        ChangeBatch decoded = codec.decodeBatch(codec.encode(batch));

        assertEquals(batch, decoded);
        assertEquals(Long.class, decoded.changes().get(0).item().get("count").getClass());
        assertEquals(Double.class, decoded.changes().get(0).item().get("temperature").getClass());
        assertNull(decoded.changes().get(1).key().sk());
    }

    @Test
    public void ackSurvivesARoundTrip() throws Exception {
        Ack ack = new Ack("b-1", List.of(
                AckResult.applied("Reading", new ItemKey("p", "s"), 12),
                AckResult.duplicate("Reading", ItemKey.of("q"), 9),
                AckResult.rejected("Setting", ItemKey.of("r"), "model Setting syncs down only"),
                AckResult.conflict("Threshold", ItemKey.of("t"), 14, Map.of("owner", Map.of("team", "cloud"), "n", 3L)),
                AckResult.conflict("Threshold", ItemKey.of("u"), 15, null),
                AckResult.conflict("Threshold", ItemKey.of("v"), 16, Map.of("n", 4L), "gw-7", "000000000000000005-00001")));
        assertEquals(ack, codec.decodeAck(codec.encode(ack)));
    }

    @Test
    public void anAckWithoutTheWinnersOriginAndHlcStillDecodes() throws Exception {
        String older = "{\"batch\":\"b-2\",\"results\":[{\"model\":\"Threshold\",\"key\":{\"pk\":\"t\"},"
                + "\"status\":\"conflict\",\"version\":14,\"winner\":{\"n\":3}}]}";

        AckResult result = codec.decodeAck(older.getBytes(StandardCharsets.UTF_8)).results().get(0);

        assertEquals(Map.of("n", 3L), result.winner());
        assertNull(result.winnerOrigin());
        assertNull(result.winnerHlc());
    }

    @Test
    public void wireFormatUsesProtocolNames() {
        ChangeBatch batch = new ChangeBatch("b-9", List.of(
                new Change("Fault", ItemKey.of("F#1"), Op.DELETE, null, 3L, "000000000000000005-00000")));
        String json = new String(codec.encode(batch), StandardCharsets.UTF_8);
        assertEquals("{\"batch\":\"b-9\",\"changes\":[{\"model\":\"Fault\",\"key\":{\"pk\":\"F#1\"},"
                + "\"op\":\"delete\",\"base\":3,\"hlc\":\"000000000000000005-00000\"}]}", json);
    }

    @Test
    public void malformedBatchesAreRefusedWithTheFieldNamed() {
        assertMessage("empty message", "");
        assertMessage("not valid JSON", "{\"batch\":");
        assertMessage("'batch' id is missing", "{\"changes\":[]}");
        assertMessage("'changes' is missing", "{\"batch\":\"b\"}");
        assertMessage("changes[0]: 'model' is missing", "{\"batch\":\"b\",\"changes\":[{\"key\":{\"pk\":\"x\"},\"op\":\"put\",\"item\":{},\"hlc\":\"1-0\"}]}");
        assertMessage("changes[0]: 'op' is missing or not one of put, delete", "{\"batch\":\"b\",\"changes\":[{\"model\":\"M\",\"key\":{\"pk\":\"x\"},\"op\":\"upsert\",\"hlc\":\"1-0\"}]}");
        assertMessage("a put needs an 'item'", "{\"batch\":\"b\",\"changes\":[{\"model\":\"M\",\"key\":{\"pk\":\"x\"},\"op\":\"put\",\"hlc\":\"1-0\"}]}");
        assertMessage("'key.pk' is missing", "{\"batch\":\"b\",\"changes\":[{\"model\":\"M\",\"key\":{},\"op\":\"delete\",\"hlc\":\"1-0\"}]}");
        assertMessage("not an HLC timestamp", "{\"batch\":\"b\",\"changes\":[{\"model\":\"M\",\"key\":{\"pk\":\"x\"},\"op\":\"delete\",\"hlc\":\"yesterday\"}]}");
        assertMessage("not valid JSON", "[1,2,3]");
    }

    @Test
    public void ackWithoutVersionIsRefusedUnlessRejected() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeAck(
                "{\"batch\":\"b\",\"results\":[{\"model\":\"M\",\"key\":{\"pk\":\"x\"},\"status\":\"applied\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage(), e.getMessage().contains("'version' is missing"));
    }

    private void assertMessage(String expected, String json) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeBatch(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue("expected '" + expected + "' in: " + e.getMessage(), e.getMessage().contains(expected));
    }
}
