package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;

/**
 * The capture triggers are made again only when their statements changed or one of them is missing:
 * a restart on the same schema keeps them (no DDL at start, no recompiling of the next writes).
 */
public class CaptureTriggersInstallTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void aRestartOnTheSameSchemaKeepsTheTriggersAndStillCaptures() throws Exception {
        fixture.store().upsert("Fault", item("deviceId", "gw-1", "id", "a", "code", "E1"));
        Map<String, Timestamp> before = triggers();
        assertTrue(before.toString(), before.containsKey("CAPTURE_FAULT_INSERT"));

        fixture.reopen();
        fixture.store().upsert("Fault", item("deviceId", "gw-1", "id", "b", "code", "E2"));

        assertEquals("the same triggers, not made again", before, triggers());
        assertEquals(2, fixture.store().outbox().depth());
    }

    @Test
    public void aTriggerDroppedByHandIsMadeAgainAtTheNextStart() throws Exception {
        fixture.store().upsert("Fault", item("deviceId", "gw-1", "id", "a", "code", "E1"));
        int count = triggers().size();
        fixture.execute("DROP TRIGGER TETHER.\"CAPTURE_FAULT_INSERT\"");

        fixture.reopen();
        fixture.store().upsert("Fault", item("deviceId", "gw-1", "id", "c", "code", "E3"));

        assertEquals(count, triggers().size());
        assertEquals("the insert after the restart is captured", 2, fixture.store().outbox().depth());
    }

    private Map<String, Timestamp> triggers() throws Exception {
        Map<String, Timestamp> triggers = new TreeMap<>();
        try (Connection connection = fixture.connect();
                PreparedStatement select = connection.prepareStatement("SELECT T.TRIGGERNAME, T.CREATIONTIMESTAMP"
                        + " FROM SYS.SYSTRIGGERS T JOIN SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = 'TETHER'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                triggers.put(rows.getString(1), rows.getTimestamp(2));
            }
        }
        return triggers;
    }
}
