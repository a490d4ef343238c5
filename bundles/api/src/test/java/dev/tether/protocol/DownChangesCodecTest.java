package dev.tether.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class DownChangesCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    public void downChangesSurviveARoundTrip() throws Exception {
        DownChanges down = new DownChanges(List.of(
                new DownChange("Setting", new ItemKey("Setting#dev-1", "Setting#mode"), Op.PUT, Map.of("value", "eco", "n", 3L),
                        11L, "cloud", "000001700000000000-00001"),
                new DownChange("Setting", new ItemKey("Setting#dev-1", "Setting#old"), Op.DELETE, null, 14L, "cloud",
                        "000001700000000001-00000")), 14L, 9L, false);

        byte[] json = codec.encode(down);

        assertEquals(down, codec.decodeDownChanges(json));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text, text.contains("\"cursor\":14") && text.contains("\"previous\":9") && text.contains("\"op\":\"delete\""));
    }

    @Test
    public void downChangesWithoutCursorOrPreviousAreRefused() {
        assertEquals("down changes: 'cursor' is missing or negative", refusal("{\"changes\":[],\"previous\":0,\"more\":false}"));
        assertEquals("down changes: 'previous' is missing or negative", refusal("{\"changes\":[],\"cursor\":3,\"more\":false}"));
        assertEquals("down changes: 'more' is missing", refusal("{\"changes\":[],\"cursor\":3,\"previous\":0}"));
        assertEquals("down changes: 'changes' is missing", refusal("{\"cursor\":3,\"previous\":0,\"more\":false}"));
    }

    @Test
    public void downChangesOutOfVersionOrderOrBeyondTheCursorAreRefused() {
        String change = "{\"model\":\"M\",\"key\":{\"pk\":\"a\"},\"op\":\"delete\",\"hlc\":\"1-0\",\"version\":";
        assertEquals("down changes: changes[1]: 'version' 5 is not above the one before (7)",
                refusal("{\"changes\":[" + change + "7}," + change + "5}],\"cursor\":7,\"previous\":0,\"more\":false}"));
        assertEquals("down changes: changes[0]: 'version' 3 is not above the one before (4)",
                refusal("{\"changes\":[" + change + "3}],\"cursor\":7,\"previous\":4,\"more\":false}"));
        assertEquals("down changes: changes[0]: 'version' 9 is above the message's 'cursor' 7",
                refusal("{\"changes\":[" + change + "9}],\"cursor\":7,\"previous\":0,\"more\":false}"));
        assertEquals("down changes: changes[0]: a put needs an 'item'",
                refusal("{\"changes\":[{\"model\":\"M\",\"key\":{\"pk\":\"a\"},\"op\":\"put\",\"hlc\":\"1-0\",\"version\":2}],"
                        + "\"cursor\":7,\"previous\":0,\"more\":false}"));
    }

    @Test
    public void syncRequestRoundTripsAndNeedsSince() throws Exception {
        assertEquals(new SyncRequest(42L), codec.decodeSyncRequest(codec.encode(new SyncRequest(42L))));
        ProtocolException missing = assertThrows(ProtocolException.class,
                () -> codec.decodeSyncRequest("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("sync request: 'since' is missing or negative", missing.getMessage());
        assertThrows(ProtocolException.class, () -> codec.decodeSyncRequest("{\"since\":-1}".getBytes(StandardCharsets.UTF_8)));
    }

    private String refusal(String json) {
        return assertThrows(ProtocolException.class, () -> codec.decodeDownChanges(json.getBytes(StandardCharsets.UTF_8)))
                .getMessage();
    }
}
