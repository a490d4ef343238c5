package dev.tether.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

/** The catch-up fields on the wire: full resync requests, "resync required" and the estimate of what is left. */
public class CatchUpMessagesCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    public void aFullResyncRequestSaysSoAndAPlainOneStaysAsBefore() throws Exception {
        assertEquals("{\"since\":0,\"full\":true}", text(codec.encode(SyncRequest.fullResync())));
        assertEquals("{\"since\":7}", text(codec.encode(new SyncRequest(7L))));
        assertEquals("{\"since\":4,\"device\":10,\"shared\":4}", text(codec.encode(SyncRequest.catchUp(10, 4))));
        SyncRequest both = codec.decodeSyncRequest(bytes("{\"since\":4,\"device\":10,\"shared\":4}"));
        assertEquals(10, both.deviceCursor());
        assertEquals(4, both.sharedCursor());

        assertTrue(codec.decodeSyncRequest(bytes("{\"since\":0,\"full\":true}")).isFullResync());
        SyncRequest plain = codec.decodeSyncRequest(bytes("{\"since\":7}"));
        assertFalse(plain.isFullResync());
        assertEquals(7L, plain.since().longValue());
        assertEquals("one cursor stands for both streams", 7, plain.deviceCursor());
        assertEquals(7, plain.sharedCursor());
    }

    @Test
    public void resyncRequiredAndRemainingRoundTripAndAreAbsentFromLiveMessages() throws Exception {
        DownChanges resync = codec.decodeDownChanges(codec.encode(DownChanges.resyncRequired(12)));
        assertTrue(resync.resyncRequired());
        assertEquals(12L, resync.cursor().longValue());
        assertFalse(resync.more());
        assertTrue(resync.changes().isEmpty());

        DownChanges page = new DownChanges(List.of(), 20L, 12L, true).withRemaining(40);
        assertEquals(40L, codec.decodeDownChanges(codec.encode(page)).remaining().longValue());

        DownChanges live = new DownChanges(List.of(), 20L, 12L, false);
        assertEquals("{\"changes\":[],\"cursor\":20,\"previous\":12,\"more\":false}", text(codec.encode(live)));
        DownChanges decoded = codec.decodeDownChanges(codec.encode(live));
        assertFalse(decoded.resyncRequired());
        assertNull(decoded.remaining());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
