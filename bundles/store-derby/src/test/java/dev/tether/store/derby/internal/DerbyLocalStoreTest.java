package dev.tether.store.derby.internal;

import static org.awaitility.Awaitility.await;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.StoreException;
import dev.tether.store.UnknownModelException;
import dev.tether.store.ValidationException;

public class DerbyLocalStoreTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void putGetDeleteRoundTripKeepsTypes() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("line", 3);
        details.put("ratio", 0.25);
        details.put("tags", List.of("hot", 2, true));
        details.put("nested", Map.of("ok", false));
        Map<String, Object> stored = fixture.store().put("Fault", item("deviceId", "gw-1", "code", "E42", "active", false,
                "details", details));

        Map<String, Object> read = fixture.store().get("Fault", item("deviceId", "gw-1", "id", stored.get("id")))
                .orElseThrow();
        assertEquals(stored, read);
        assertEquals(false, read.get("active"));
        assertEquals("warning", read.get("severity"));
        @SuppressWarnings("unchecked")
        Map<String, Object> readDetails = (Map<String, Object>) read.get("details");
        assertEquals(3L, readDetails.get("line"));
        assertEquals(0.25, readDetails.get("ratio"));
        assertEquals(List.of("hot", 2L, true), readDetails.get("tags"));
        assertEquals(Map.of("ok", false), readDetails.get("nested"));

        assertTrue(fixture.store().delete("Fault", item("pk", stored.get("pk"), "sk", stored.get("sk"))));
        assertTrue(fixture.store().get("Fault", item("pk", stored.get("pk"), "sk", stored.get("sk"))).isEmpty());
        assertFalse(fixture.store().delete("Fault", item("pk", stored.get("pk"), "sk", stored.get("sk"))));
    }

    @Test
    public void numbersComeBackAsLongWhenWholeAndDatesAsIsoText() {
        Map<String, Object> whole = fixture.store().put("Reading",
                item("deviceId", "gw-1", "sensor", "t1", "value", 20, "at", 1_700_000_000_000L));
        Map<String, Object> fraction = fixture.store().put("Reading",
                item("deviceId", "gw-1", "sensor", "t1", "value", 20.5, "unit", "C"));
        Map<String, Object> readWhole = fixture.store().get("Reading", whole).orElseThrow();
        assertEquals(20L, readWhole.get("value"));
        assertEquals("2023-11-14T22:13:20.000Z", readWhole.get("at"));
        assertEquals(whole, readWhole);
        Map<String, Object> readFraction = fixture.store().get("Reading", fraction).orElseThrow();
        assertEquals(20.5, readFraction.get("value"));
        assertEquals(fraction, readFraction);
        assertFalse(readFraction.containsKey("at"));
    }

    @Test
    public void putReplacesTheWholeItemButKeepsItsCreationTime() throws Exception {
        Map<String, Object> first = fixture.store().put("Reading",
                item("deviceId", "gw-1", "sensor", "t1", "value", 1, "unit", "C"));
        long firstWrite = System.currentTimeMillis();
        await("the clock moved on").pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > firstWrite + 2);
        Map<String, Object> second = fixture.store().put("Reading",
                item("id", first.get("id"), "deviceId", "gw-1", "sensor", "t1", "value", 2));
        assertEquals(first.get("created"), second.get("created"));
        Map<String, Object> read = fixture.store().get("Reading", second).orElseThrow();
        assertEquals(second, read);
        assertFalse(read.containsKey("unit"));
        assertEquals(2L, read.get("value"));
    }

    @Test
    public void refusesModelsNotOnTheDevice() {
        try {
            fixture.store().put("Fleet", item("name", "north"));
            fail("Fleet exists only in the cloud");
        } catch (UnknownModelException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'Fleet' exists only in the cloud"));
        }
        try {
            fixture.store().get("Gadget", item("pk", "x"));
            fail("Gadget is not in the schema");
        } catch (UnknownModelException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'Gadget' is not in the schema"));
        }
    }

    @Test
    public void refusesLocalWritesToDownOnlyModelsButReadsThem() {
        for (Runnable write : List.<Runnable>of(
                () -> fixture.store().put("Setting", item("deviceId", "gw-1", "name", "rate", "value", "5")),
                () -> fixture.store().delete("Setting", item("deviceId", "gw-1", "name", "rate")))) {
            try {
                write.run();
                fail("Setting syncs down only");
            } catch (UnknownModelException e) {
                fail("not an unknown model: " + e);
            } catch (StoreException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("'Setting' syncs down only"));
            }
        }
        assertTrue(fixture.store().get("Setting", item("deviceId", "gw-1", "name", "rate")).isEmpty());
    }

    @Test
    public void refusesInvalidItemsWithEveryViolation() {
        try {
            fixture.store().put("Reading", item("sensor", 5));
            fail("invalid");
        } catch (ValidationException e) {
            assertTrue(e.violations().toString(), e.violations().contains("field 'deviceId' is required"));
            assertTrue(e.violations().toString(), e.violations().contains("field 'sensor' must be a string, got number 5"));
            assertTrue(e.violations().toString(), e.violations().contains("field 'value' is required"));
        }
        try {
            fixture.store().put("Diagnostic", item("deviceId", "x".repeat(2000), "text", "t"));
            fail("key too long");
        } catch (ValidationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("longer than 1024"));
        }
    }

    @Test
    public void deviceOnlyModelIsStoredButNotCaptured() {
        Map<String, Object> stored = fixture.store().put("Diagnostic", item("deviceId", "gw-1", "text", "boot ok"));
        assertEquals(stored, fixture.store().get("Diagnostic", stored).orElseThrow());
        assertEquals(0, fixture.store().outbox().depth());
    }

    @Test
    public void tablesFollowTheDocumentedLayout() throws SQLException {
        try (Connection connection = fixture.connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertEquals(List.of("PK", "SK", "ID", "DEVICEID", "SENSOR", "VALUE", "UNIT", "AT", "CREATED", "UPDATED",
                    "TETHER_VERSION", "TETHER_HLC", "TETHER_ORIGIN"), columns(metadata, "READING"));
            assertEquals(List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR", "VARCHAR",
                    "VARCHAR", "VARCHAR", "BIGINT", "VARCHAR", "VARCHAR"), columnTypes(metadata, "READING"));
            assertEquals(List.of("PK", "SK"), primaryKey(metadata, "READING"));
            assertEquals(List.of("BOOLEAN", "CLOB"), List.of(columnType(metadata, "FAULT", "ACTIVE"),
                    columnType(metadata, "FAULT", "DETAILS")));
            assertEquals(List.of("SEQ", "MODEL", "PK", "SK", "OP", "HLC", "BASE", "CAPTURED_AT"),
                    columns(metadata, "OUTBOX"));
            assertEquals(List.of("SEQ"), primaryKey(metadata, "OUTBOX"));
            for (String table : List.of("READING", "FAULT", "SETTING", "FIRMWARE", "COMMAND", "DIAGNOSTIC")) {
                assertFalse(table, columns(metadata, table).isEmpty());
            }
            assertTrue(columns(metadata, "FLEET").isEmpty());
            assertTrue(indexNames(metadata, "FAULT").contains("FAULT_GS1"));
        }
        // Plain SQL sees the same names, unquoted.
        assertEquals(0, fixture.execute("UPDATE TETHER.READING SET DEVICEID = 'x' WHERE PK = 'none'"));
    }

    @Test
    public void installingAgainOnAnExistingDatabaseKeepsData() {
        Map<String, Object> stored = fixture.store().put("Reading", item("deviceId", "gw-1", "sensor", "t", "value", 1));
        DerbyLocalStore second = new DerbyLocalStore(fixture.database().dataSource(), fixture::schema);
        assertEquals(stored, second.get("Reading", stored).orElseThrow());
        assertEquals(1, second.outbox().depth());
    }

    private static List<String> columns(DatabaseMetaData metadata, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metadata.getColumns(null, "TETHER", table, null)) {
            while (rows.next()) {
                names.add(rows.getString("COLUMN_NAME"));
            }
        }
        return names;
    }

    private static List<String> columnTypes(DatabaseMetaData metadata, String table) throws SQLException {
        List<String> types = new ArrayList<>();
        try (ResultSet rows = metadata.getColumns(null, "TETHER", table, null)) {
            while (rows.next()) {
                types.add(rows.getString("TYPE_NAME"));
            }
        }
        return types;
    }

    private static String columnType(DatabaseMetaData metadata, String table, String column) throws SQLException {
        try (ResultSet rows = metadata.getColumns(null, "TETHER", table, column)) {
            return rows.next() ? rows.getString("TYPE_NAME") : null;
        }
    }

    private static List<String> primaryKey(DatabaseMetaData metadata, String table) throws SQLException {
        Map<Short, String> bySequence = new TreeMap<>();
        try (ResultSet rows = metadata.getPrimaryKeys(null, "TETHER", table)) {
            while (rows.next()) {
                bySequence.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(bySequence.values());
    }

    private static List<String> indexNames(DatabaseMetaData metadata, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metadata.getIndexInfo(null, "TETHER", table, false, false)) {
            while (rows.next()) {
                names.add(rows.getString("INDEX_NAME"));
            }
        }
        return names;
    }
}
