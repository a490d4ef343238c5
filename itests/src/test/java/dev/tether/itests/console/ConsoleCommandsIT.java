package dev.tether.itests.console;

import static dev.tether.itests.console.Expect.assertContains;
import static dev.tether.itests.console.Expect.assertLacks;
import static org.awaitility.Awaitility.await;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import dev.tether.itests.support.CloudApi;
import dev.tether.itests.support.SampleSchema;
import dev.tether.itests.support.TestSystem;
import dev.tether.sync.SyncService;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/** The {@code tether:*} Gogo commands in the assembled gateway, run through the real Gogo runtime. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleCommandsIT {

    private static final String DEVICE = "console-shell-5";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("\"id\": \"([0-9A-Z]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"next\": \"([^\"]+)\"");
    private static final Pattern DEAD_LETTER_ID = Pattern.compile("\"id\": (\\d+),");

    @Inject
    @Filter(timeout = 60_000)
    private SyncService sync;

    @Inject
    @Filter(timeout = 60_000)
    private CommandProcessor processor;

    @Configuration
    public Option[] configure() throws IOException {
        return ConsoleGateway.options(DEVICE, "console-shell");
    }

    /** Runs a command line and returns what it answered and printed. */
    private String run(String commandLine) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(commandLine);
            out.flush();
            return printed.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        }
    }

    @Test
    public void statusShowsDeviceSchemaAndOutbox() throws Exception {
        await("tether:status available").atMost(WAIT).ignoreExceptions()
                .until(() -> run("tether:status").contains(DEVICE));
        String status = run("tether:status");
        assertContains(status, "schema version         " + SampleSchema.version());
        assertContains(status, "outbox depth");
        assertContains(status, "model Reading          sync up");
        assertContains(status, "cursors                {\"downDevice\":");
        assertContains(status, "dead letters           ");
        assertTrue(status, Pattern.compile("oldest pending +\\d+ ms").matcher(status).find());
        await("the first catch-up in the status").atMost(WAIT).until(() -> Pattern
                .compile("resync progress +(catch-up|full-resync) done \\S+: \\d+ pages, \\d+ items")
                .matcher(run("tether:status")).find());
    }

    @Test
    public void putGetAndDeleteAnItemAndSyncItToTheCloud() throws Exception {
        String stored = run("tether:put Fault '{\"deviceId\":\"" + DEVICE + "\",\"code\":\"E-SHELL-1\",\"severity\":\"critical\"}'");
        Matcher id = ID.matcher(stored);
        assertTrue(stored, id.find());

        String got = run("tether:get Fault deviceId=" + DEVICE + " id=" + id.group(1));
        assertContains(got, "\"code\": \"E-SHELL-1\"");
        assertContains(run("tether:sync"), "sync started");
        CloudApi cloud = TestSystem.cloudApi();
        await("in the cloud").atMost(WAIT)
                .until(() -> cloud.item(DEVICE, "Fault", "Fault#" + DEVICE, "Fault#" + id.group(1)).isPresent());

        assertContains(run("tether:delete Fault deviceId=" + DEVICE + " id=" + id.group(1)), "\"deleted\": true");
        assertContains(run("tether:get Fault deviceId=" + DEVICE + " id=" + id.group(1)), "error 404");
    }

    @Test
    public void anInvalidItemIsRefusedWithEveryViolation() throws Exception {
        String answer = run("tether:put Reading '{\"unit\":\"Cel\"}'");
        assertContains(answer, "error 400");
        assertContains(answer, "deviceId");
        assertContains(answer, "sensor");
        assertContains(answer, "value");
    }

    @Test
    public void conflictsAreListedAndAFullResyncStarts() throws Exception {
        assertLacks("the conflict log is listed", run("tether:conflicts"), "not available");
        assertContains(run("tether:resync"), "full resync started");
    }

    @Test
    public void findListsItemsPageByPage() throws Exception {
        for (String id : new String[] {"SHELL-LIST-2", "SHELL-LIST-3", "SHELL-LIST-1"}) {
            assertContains(run("tether:put Fault '{\"deviceId\":\"" + DEVICE + "\",\"id\":\"" + id + "\",\"code\":\"E\"}'"),
                    "\"id\": \"" + id + "\"");
        }
        String find = "tether:find Fault deviceId=" + DEVICE + " 'prefix=Fault#SHELL-LIST-' limit=2";

        String first = run(find);
        assertTrue(first, first.indexOf("SHELL-LIST-1") >= 0 && first.indexOf("SHELL-LIST-1") < first.indexOf("SHELL-LIST-2"));
        assertLacks("page 1", first, "SHELL-LIST-3");
        Matcher next = NEXT.matcher(first);
        assertTrue(first, next.find());
        String second = run(find + " after=" + next.group(1));
        assertContains(second, "\"id\": \"SHELL-LIST-3\"");
        assertLacks("page 2", second, "SHELL-LIST-1");
        assertContains(second, "\"next\": null");
        assertContains(run("tether:find Fault deviceId=" + DEVICE + " code=E"), "error 400");
    }

    @Test
    public void aRejectedChangeIsListedAsADeadLetterAndCanBeRetriedAndDiscarded() throws Exception {
        run("tether:put Fault '{\"deviceId\":\"not-this-device\",\"id\":\"SHELL-DEAD\",\"code\":\"E\"}'");
        run("tether:sync");
        String first = await("the rejection as a dead letter").atMost(WAIT)
                .until(() -> run("tether:deadletters"), listed -> listed.contains("Fault#SHELL-DEAD"));
        assertContains(first, "a device may write only its own items");
        String firstId = deadLetterId(first);

        assertContains(run("tether:deadletters retry " + firstId), "back in the outbox");
        String again = await("sent again and rejected again").atMost(WAIT).until(() -> run("tether:deadletters"),
                listed -> listed.contains("Fault#SHELL-DEAD") && !deadLetterId(listed).equals(firstId));

        assertContains(run("tether:deadletters discard " + deadLetterId(again)), "discarded");
        assertLacks("discarded", run("tether:deadletters"), "Fault#SHELL-DEAD");
        assertContains(run("tether:deadletters retry " + firstId), "error 404");
    }

    private static String deadLetterId(String listing) {
        Matcher id = DEAD_LETTER_ID.matcher(listing);
        assertTrue(listing, id.find());
        return id.group(1);
    }

    @Test
    public void everyCommandHasHelp() throws Exception {
        String help = run("help tether:get");
        assertContains(help, "shows one item by its key");
        for (String command : new String[] {"status", "sync", "resync", "put", "find", "conflicts", "deadletters"}) {
            assertLacks(command, run("help tether:" + command), "not found");
            assertTrue(command, run("help tether:" + command).length() > 20);
        }
    }
}
