package dev.tether.cloud.feed;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.cloud.ExecutorShutdown;
import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Topics;

/**
 * The live change feed: every {@code intervalMillis} (and at once after {@link #wakeUp()}) it asks
 * the store to fan out what committed since the last round and publishes it to
 * {@code {p}/{device}/down/changes} or, for the shared scope, {@code {p}/all/down/changes}. It reads
 * the store, not the service's own writes, so writes other programs make directly in the database
 * go out the same way. The store lets one instance fan out at a time and advances only after the
 * broker took every message (at least once; devices ignore versions they already have).
 */
public final class ChangeFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());
    private static final int CHANGES_PER_ROUND = 500;

    private final CloudStore store;
    private final Topics topics;
    private final DownPages pages;
    private final DownPublisher publisher;
    private final long intervalMillis;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean roundQueued = new AtomicBoolean();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public ChangeFeed(CloudStore store, Topics topics, DownPages pages, DownPublisher publisher, long intervalMillis) {
        this.store = store;
        this.topics = topics;
        this.pages = pages;
        this.publisher = publisher;
        this.intervalMillis = intervalMillis;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "tether-cloud-feed"));
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::drain, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs a round soon, e.g. right after a write through the API. */
    public void wakeUp() {
        if (roundQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                roundQueued.set(false);
            }
        }
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long failures() {
        return failures.get();
    }

    private void drain() {
        roundQueued.set(false);
        try {
            while (store.fanOut(CHANGES_PER_ROUND, this::deliver) == CHANGES_PER_ROUND) {
                // a full round: there may be more
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Change feed round failed, retrying next round: {0}", e.getMessage());
        }
    }

    private boolean deliver(String scope, List<CloudItem> changes, long previous) throws Exception {
        long examinedUpTo = changes.get(changes.size() - 1).version();
        List<DownChanges> messages = pages.paginate(changes, previous, examinedUpTo, true);
        if (messages.get(0).changes().isEmpty()) {
            return false;
        }
        String topic;
        try {
            topic = CloudStore.SHARED_SCOPE.equals(scope) ? topics.allDownChanges() : topics.downChanges(scope);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Changes of scope {0} up to version {1} not sent: {2}", scope, examinedUpTo,
                    e.getMessage());
            return false;
        }
        for (DownChanges message : messages) {
            publisher.publish(topic, pages.encode(message), null);
            messagesSent.incrementAndGet();
        }
        LOG.log(System.Logger.Level.DEBUG, "Sent {0} message(s) up to version {1} to {2}", messages.size(), examinedUpTo, topic);
        return true;
    }

    @Override
    public void close() {
        ExecutorShutdown.stop(thread, 10);
    }
}
