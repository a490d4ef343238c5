package dev.tether.replication.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

/** Messages handed in by the transport wait in a bounded queue; the transport's thread waits beyond it. */
public class EngineThreadTest {

    private final EngineThread thread = new EngineThread(Executors.newSingleThreadScheduledExecutor());

    @After
    public void stop() {
        thread.shutdown();
    }

    @Test
    public void aBusyEngineHoldsTheTransportsThreadOnceTheQueueIsFull() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        thread.execute(() -> awaitQuietly(busy), error -> { });
        AtomicInteger handedIn = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        Thread transport = new Thread(() -> {
            for (int i = 0; i < 3 * EngineThread.MAX_QUEUED_MESSAGES; i++) {
                thread.executeMessage(handled::incrementAndGet, error -> { });
                handedIn.incrementAndGet();
            }
        }, "transport");
        transport.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> transport.getState() == Thread.State.TIMED_WAITING
                && handedIn.get() == EngineThread.MAX_QUEUED_MESSAGES);
        assertEquals("nothing ran while the engine was busy", 0, handled.get());

        busy.countDown();
        transport.join(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 3 * EngineThread.MAX_QUEUED_MESSAGES);
        assertEquals(3 * EngineThread.MAX_QUEUED_MESSAGES, handedIn.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
