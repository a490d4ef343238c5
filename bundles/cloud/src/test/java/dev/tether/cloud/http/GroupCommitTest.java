package dev.tether.cloud.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.tether.cloud.store.jdbc.EmbeddedDerby;
import dev.tether.cloud.store.jdbc.JdbcCloudStore;
import dev.tether.cloud.store.jdbc.JdbcCloudStoreException;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.AckStatus;
import dev.tether.protocol.Change;
import dev.tether.protocol.Hlc;
import dev.tether.protocol.ItemKey;
import dev.tether.protocol.Op;

/**
 * Writes that queue up while a transaction commits share the next one. The first write is held in
 * its commit (a gate around the real store, which also fails one scope's writes on demand) until the
 * others are queued, so the grouping does not depend on timing.
 */
public class GroupCommitTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    /** Writes to this scope fail as if the database were gone. */
    private static final String BROKEN_SCOPE = "broken";

    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch firstCommitStarted = new CountDownLatch(1);
    private final List<Integer> groupSizes = new ArrayList<>();
    private EmbeddedDerby derby;
    private JdbcCloudStore store;
    private GroupCommit commits;
    private int nextHlc = 1;

    @Before
    public void open() throws Exception {
        derby = EmbeddedDerby.open(temp.getRoot().toPath().resolve("db"));
        store = new JdbcCloudStore(derby.dataSource());
        commits = new GroupCommit(gated(store), "cloud-api");
    }

    @After
    public void close() {
        commits.close();
        derby.close();
    }

    @Test
    public void writesQueuedDuringACommitShareTheNextTransaction() throws Exception {
        CompletableFuture<AckResult> first = commits.submit("dev-1", put("F#0", 0));
        assertTrue(firstCommitStarted.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<AckResult>> queued = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            queued.add(commits.submit("dev-1", put("F#" + i, i)));
        }

        gate.countDown();

        assertEquals(AckStatus.APPLIED, first.get(10, TimeUnit.SECONDS).status());
        long previousVersion = first.get().version();
        for (CompletableFuture<AckResult> write : queued) {
            AckResult result = write.get(10, TimeUnit.SECONDS);
            assertEquals(AckStatus.APPLIED, result.status());
            assertTrue("versions follow arrival order", result.version() > previousVersion);
            previousVersion = result.version();
        }
        assertEquals(2, commits.transactions());
        assertEquals(List.of(1, 100), groupSizes);
        assertEquals(100L, store.get("dev-1", "Fault", ItemKey.of("F#100")).orElseThrow().item().get("n"));
    }

    @Test
    public void aSecondWriteOfAnItemAndAnotherScopeGoInTheirOwnTransactionsInOrder() throws Exception {
        commits.submit("dev-1", put("F#0", 0));
        assertTrue(firstCommitStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<AckResult> a = commits.submit("dev-1", put("F#1", 1));
        CompletableFuture<AckResult> b = commits.submit("dev-1", put("F#2", 2));
        CompletableFuture<AckResult> again = commits.submit("dev-1", put("F#1", 10));
        CompletableFuture<AckResult> other = commits.submit("dev-2", put("F#1", 20));

        gate.countDown();

        CompletableFuture.allOf(a, b, again, other).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1, 2, 1, 1), groupSizes);
        assertTrue(again.get().version() > a.get().version());
        assertEquals(10L, store.get("dev-1", "Fault", ItemKey.of("F#1")).orElseThrow().item().get("n"));
        assertEquals(20L, store.get("dev-2", "Fault", ItemKey.of("F#1")).orElseThrow().item().get("n"));
    }

    @Test
    public void aFailedTransactionFailsItsWritesOnlyAndAClosedWriterTakesNoMore() throws Exception {
        commits.submit("dev-1", put("F#0", 0));
        assertTrue(firstCommitStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<AckResult> failed = commits.submit(BROKEN_SCOPE, put("F#1", 1));
        CompletableFuture<AckResult> fine = commits.submit("dev-1", put("F#2", 2));

        gate.countDown();

        CompletionException failure = assertThrows(CompletionException.class, failed::join);
        assertTrue(failure.getCause().getMessage(), failure.getCause().getMessage().contains("database unreachable"));
        assertEquals(AckStatus.APPLIED, fine.get(10, TimeUnit.SECONDS).status());
        commits.close();
        CompletableFuture<AckResult> late = commits.submit("dev-1", put("F#3", 3));
        assertThrows(CompletionException.class, late::join);
    }

    private Change put(String sk, long n) {
        return new Change("Fault", ItemKey.of(sk), Op.PUT, Map.of("n", n), null, new Hlc(1_000, nextHlc++).toString());
    }

    /** The real store, except that its first {@code applyFromCloud} waits for {@link #gate}; group sizes are noted. */
    private CloudStore gated(CloudStore real) {
        return (CloudStore) Proxy.newProxyInstance(CloudStore.class.getClassLoader(), new Class<?>[] {CloudStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("applyFromCloud")) {
                        synchronized (groupSizes) {
                            groupSizes.add(((List<?>) args[2]).size());
                        }
                        firstCommitStarted.countDown();
                        if (!gate.await(10, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                        if (BROKEN_SCOPE.equals(args[1])) {
                            throw new JdbcCloudStoreException("database unreachable", null);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
