package dev.tether.store.derby.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs writer threads and one more thread (a drainer, an applier) from the same start; the other
 * thread is told through its flag when every writer has finished, and is waited for after that.
 * A failure in any thread fails the run.
 */
final class WritersAndOne {

    @FunctionalInterface
    interface Writer {
        void write(int writer) throws Exception;
    }

    @FunctionalInterface
    interface Other {
        void run(AtomicBoolean writersDone) throws Exception;
    }

    private WritersAndOne() {
    }

    static void run(int writers, Writer writer, Other other) throws Exception {
        AtomicBoolean writersDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int id = 0; id < writers; id++) {
                int writerId = id;
                running.add(threads.submit(() -> {
                    start.await();
                    writer.write(writerId);
                    return null;
                }));
            }
            Future<?> otherThread = threads.submit(() -> {
                start.await();
                other.run(writersDone);
                return null;
            });
            start.countDown();
            for (Future<?> each : running) {
                each.get();
            }
            writersDone.set(true);
            otherThread.get();
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
