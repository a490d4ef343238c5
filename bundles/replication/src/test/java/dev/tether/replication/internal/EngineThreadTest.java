package dev.tether.replication.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/** A task handed to the engine thread with a completion: done once it ran, failed, or was dropped. */
public class EngineThreadTest {

    private final EngineThread thread = new EngineThread(Executors.newSingleThreadScheduledExecutor());
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @After
    public void stop() {
        thread.shutdown();
    }

    @Test
    public void completesAfterTheTaskRanOnTheEngineThread() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> done = thread.executeThenComplete(() -> ran.add(Thread.currentThread().getName()),
                failures::add);

        done.get(10, TimeUnit.SECONDS);
        assertEquals(1, ran.size());
        assertTrue(failures.isEmpty());
    }

    @Test
    public void completesWhenTheTaskFailsAndReportsTheFailure() throws Exception {
        CompletableFuture<Void> done = thread.executeThenComplete(() -> {
            throw new IllegalStateException("broken page");
        }, failures::add);

        done.get(10, TimeUnit.SECONDS);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0), failures.get(0).contains("broken page"));
    }

    @Test
    public void completesAtOnceWhenTheEngineHasStopped() {
        thread.shutdown();

        CompletableFuture<Void> done = thread.executeThenComplete(() -> failures.add("must not run"), failures::add);

        assertTrue(done.isDone());
        assertTrue(failures.isEmpty());
    }
}
