package dev.tether.cloud.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.cloud.ExecutorShutdown;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.AckResult;
import dev.tether.protocol.Change;
import dev.tether.store.ItemRef;

/**
 * The API's writes, committed in groups: writes that arrive while a transaction commits wait for the
 * next one, which takes all of them (up to {@value #MAX_GROUP}), so that concurrent writers share one
 * durable commit instead of paying one each. A group holds one scope and each item once; writes of
 * other scopes, or a second write of an item, go in the transactions after it, in arrival order. One
 * thread, idle while nothing is queued.
 */
final class GroupCommit implements AutoCloseable {

    static final int MAX_GROUP = 256;

    private final CloudStore store;
    private final String origin;
    private final Queue<Write> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "tether-cloud-api-writes");
        writer.setDaemon(true);
        return writer;
    });

    private record Write(String scope, Change change, CompletableFuture<AckResult> result) {
    }

    GroupCommit(CloudStore store, String origin) {
        this.store = store;
        this.origin = origin;
    }

    /** Queues a write for the next group; the future completes once its transaction committed (or failed). */
    CompletableFuture<AckResult> submit(String scope, Change change) {
        Write write = new Write(scope, change, new CompletableFuture<>());
        queue.add(write);
        schedule();
        return write.result();
    }

    /** How many transactions the writes took so far. */
    long transactions() {
        return transactions.get();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(this::commitGroup);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            failQueued(new IllegalStateException("the service is stopping: write not made"));
        }
    }

    private void commitGroup() {
        scheduled.set(false);
        List<Write> taken = new ArrayList<>();
        Write next;
        while (taken.size() < MAX_GROUP && (next = queue.poll()) != null) {
            taken.add(next);
        }
        for (List<Write> batch : transactionsOf(taken)) {
            commit(batch);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** Consecutive runs of one scope without an item twice, in arrival order. */
    private static List<List<Write>> transactionsOf(List<Write> writes) {
        List<List<Write>> batches = new ArrayList<>();
        List<Write> current = new ArrayList<>();
        Set<ItemRef> items = new HashSet<>();
        for (Write write : writes) {
            ItemRef item = new ItemRef(write.change().model(), write.change().key());
            boolean sameScope = current.isEmpty() || current.get(0).scope().equals(write.scope());
            if (!sameScope || items.contains(item)) {
                batches.add(current);
                current = new ArrayList<>();
                items.clear();
            }
            current.add(write);
            items.add(item);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void commit(List<Write> batch) {
        try {
            List<AckResult> results = store.applyFromCloud(origin, batch.get(0).scope(),
                    batch.stream().map(Write::change).toList());
            transactions.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(write -> write.result().completeExceptionally(e));
        }
    }

    private void failQueued(RuntimeException failure) {
        Write write;
        while ((write = queue.poll()) != null) {
            write.result().completeExceptionally(failure);
        }
    }

    /** Commits what is queued, then stops the thread. */
    @Override
    public void close() {
        ExecutorShutdown.stop(thread, 10);
        failQueued(new IllegalStateException("the service stopped: write not made"));
    }
}
