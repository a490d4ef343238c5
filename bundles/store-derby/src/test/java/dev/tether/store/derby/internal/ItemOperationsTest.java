package dev.tether.store.derby.internal;

import static dev.tether.store.derby.internal.StoreFixture.item;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import dev.tether.store.Condition;
import dev.tether.store.ConditionFailedException;
import dev.tether.store.DuplicateKeyException;
import dev.tether.store.Filter;
import dev.tether.store.ItemChange;
import dev.tether.store.Registration;
import dev.tether.store.StoreException;
import dev.tether.store.StoreUnavailableException;
import dev.tether.store.UnknownModelException;
import dev.tether.store.Update;
import dev.tether.store.ValidationException;

public class ItemOperationsTest {

    @Rule
    public StoreFixture fixture = StoreFixture.onSampleSchema();

    @Test
    public void createRefusesAnExistingKey() {
        Map<String, Object> created = fixture.store().create("Command", item("deviceId", "gw-1", "command", "reboot"));
        DuplicateKeyException duplicate = assertThrows(DuplicateKeyException.class, () -> fixture.store().create("Command",
                item("deviceId", "gw-1", "id", created.get("id"), "command", "other")));
        assertTrue(duplicate.getMessage(), duplicate.getMessage().contains("exists already"));
        assertEquals("reboot", fixture.store().get("Command", created).orElseThrow().get("command"));
    }

    @Test
    public void updateSetsAndRemovesFieldsAndKeepsTheRest() throws Exception {
        Map<String, Object> created = fixture.store().create("Command",
                item("deviceId", "gw-1", "command", "reboot", "args", Map.of("delay", 5), "message", "queued"));
        Map<String, Object> updated = fixture.store().update("Command", created,
                Update.set("status", "done").andRemove("message"), null);
        assertEquals("done", updated.get("status"));
        assertFalse(updated.containsKey("message"));
        assertEquals(Map.of("delay", 5L), updated.get("args"));
        assertEquals(updated, fixture.store().get("Command", created).orElseThrow());
        assertEquals(2, fixture.store().outbox().depth());
    }

    @Test
    public void updateValidatesTheResultAndRefusesKeyChanges() {
        Map<String, Object> created = fixture.store().create("Command", item("deviceId", "gw-1", "command", "reboot"));
        ValidationException invalid = assertThrows(ValidationException.class, () -> fixture.store().update("Command",
                created, Update.set("status", "maybe").andRemove("command"), null));
        assertEquals(invalid.violations().toString(), 2, invalid.violations().size());
        assertThrows(ValidationException.class, () -> fixture.store().update("Command", created, Update.set("sk", "x"), null));
        assertThrows(ValidationException.class,
                () -> fixture.store().update("Command", created, Update.set("deviceId", "gw-2"), null));
    }

    @Test
    public void conditionsOnFieldsAndVersionDecideUpdateAndRemove() throws Exception {
        Map<String, Object> created = fixture.store().create("Command", item("deviceId", "gw-1", "command", "reboot"));
        ConditionFailedException failed = assertThrows(ConditionFailedException.class, () -> fixture.store().update("Command",
                created, Update.set("status", "done"), Condition.where(Filter.eq("status", "failed"))));
        assertTrue(failed.getMessage(), failed.getMessage().contains("status EQ failed"));
        fixture.store().update("Command", created, Update.set("status", "done"),
                Condition.where(Filter.eq("status", "pending")).andVersion(0));
        fixture.execute("UPDATE TETHER.COMMAND SET TETHER_VERSION = 7");
        assertThrows(ConditionFailedException.class, () -> fixture.store().remove("Command", created, Condition.version(6)));
        assertTrue(fixture.store().remove("Command", created, Condition.version(7)));
        assertThrows(ConditionFailedException.class,
                () -> fixture.store().update("Command", created, Update.set("status", "done"), null));
        assertThrows(ConditionFailedException.class, () -> fixture.store().remove("Command", created, Condition.EXISTS));
        assertFalse(fixture.store().remove("Command", created, null));
    }

    @Test
    public void aTransactionCommitsAllItsWritesOrNone() {
        Map<String, Object> kept = fixture.store().create("Fault", item("deviceId", "gw-1", "code", "E1"));
        assertThrows(DuplicateKeyException.class, () -> fixture.store().transaction(tx -> {
            tx.upsert("Fault", item("deviceId", "gw-1", "code", "E2"));
            tx.update("Fault", kept, Update.set("severity", "critical"), null);
            return tx.create("Fault", kept);
        }));
        assertEquals(1, fixture.store().count(dev.tether.store.Query.of("Fault")));
        assertEquals("warning", fixture.store().get("Fault", kept).orElseThrow().get("severity"));
        assertEquals(1, fixture.store().outbox().depth());

        int written = fixture.store().transaction(tx -> {
            tx.upsert("Fault", item("deviceId", "gw-1", "code", "E2"));
            tx.update("Fault", kept, Update.set("severity", "critical"), null);
            return 2;
        });
        assertEquals(2, written);
        assertEquals(2, fixture.store().count(dev.tether.store.Query.of("Fault")));
        assertEquals(3, fixture.store().outbox().depth());
    }

    @Test
    public void listenersHearCommittedChangesOnlyAfterTheCommit() throws Exception {
        List<ItemChange> heard = new ArrayList<>();
        List<Long> rowsSeenByListener = new ArrayList<>();
        Registration registration = fixture.store().subscribe("Fault", changes -> {
            heard.addAll(changes);
            rowsSeenByListener.add(fixture.store().count(dev.tether.store.Query.of("Fault")));
        });
        fixture.store().subscribe(null, changes -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        Map<String, Object> fault = fixture.store().transaction(tx -> {
            tx.create("Reading", item("deviceId", "gw-1", "sensor", "t", "value", 1));
            return tx.create("Fault", item("deviceId", "gw-1", "code", "E1"));
        });
        assertThrows(StoreException.class, () -> fixture.store().transaction(tx -> {
            tx.create("Fault", item("deviceId", "gw-1", "code", "E9"));
            throw new StoreException("rolled back");
        }));
        fixture.store().remove("Fault", fault, null);
        registration.close();
        fixture.store().create("Fault", item("deviceId", "gw-1", "code", "E3"));

        assertEquals(List.of(ItemChange.Kind.CREATED, ItemChange.Kind.REMOVED), heard.stream().map(ItemChange::kind).toList());
        assertEquals("E1", heard.get(0).item().get("code"));
        assertEquals(List.of(1L, 0L), rowsSeenByListener);
    }

    @Test
    public void errorsAreTypedAndSayWhatIsWrong() {
        UnknownModelException unknown = assertThrows(UnknownModelException.class,
                () -> fixture.store().create("Nope", item("x", 1)));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("'Nope' is not in the schema"));
        assertThrows(UnknownModelException.class, () -> fixture.store().create("Fleet", item("name", "f")));
        ValidationException invalid = assertThrows(ValidationException.class,
                () -> fixture.store().create("Fault", item("deviceId", "gw-1", "severity", "bad", "active", "yes", "extra", 1)));
        assertEquals(invalid.violations().toString(), 4, invalid.violations().size());
        StoreException downOnly = assertThrows(StoreException.class,
                () -> fixture.store().upsert("Setting", item("deviceId", "gw-1", "name", "n")));
        assertTrue(downOnly.getMessage(), downOnly.getMessage().contains("syncs down only"));

        fixture.store().close();
        StoreUnavailableException closed = assertThrows(StoreUnavailableException.class,
                () -> fixture.store().get("Fault", item("pk", "a", "sk", "b")));
        assertTrue(closed.getMessage(), closed.getMessage().contains("closed"));
    }
}
