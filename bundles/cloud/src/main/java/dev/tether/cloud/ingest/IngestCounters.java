package dev.tether.cloud.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** What the ingest did since start; read from the HTTP threads while the ingest thread counts. */
public final class IngestCounters {

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong changesApplied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong ackFailures = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong applies = new AtomicLong();
    private final AtomicLong applyNanos = new AtomicLong();
    private final AtomicLong applyMaxNanos = new AtomicLong();
    private final RateWindow changeRate = new RateWindow(System::currentTimeMillis);

    void batchAcknowledged() {
        batches.incrementAndGet();
    }

    void changeApplied() {
        changesApplied.incrementAndGet();
    }

    void conflict() {
        conflicts.incrementAndGet();
    }

    /** A batch of {@code changes} went through the store in {@code nanos}. */
    void applied(int changes, long nanos) {
        applies.incrementAndGet();
        applyNanos.addAndGet(nanos);
        applyMaxNanos.accumulateAndGet(nanos, Math::max);
        changeRate.add(changes);
    }

    public long conflicts() {
        return conflicts.get();
    }

    /** Changes received per second, averaged over the last minute. */
    public double changesPerSecond() {
        return changeRate.perSecond();
    }

    public ApplyLatency applyLatency() {
        long count = applies.get();
        long total = applyNanos.get();
        return new ApplyLatency(count, total / 1e9, count == 0 ? 0 : total / 1e6 / count, applyMaxNanos.get() / 1e6);
    }

    /**
     * How long the store took per batch since start.
     *
     * @param batches batches applied
     * @param totalSeconds their total time
     * @param averageMillis the mean per batch
     * @param maxMillis the longest
     */
    public record ApplyLatency(long batches, double totalSeconds, double averageMillis, double maxMillis) {
    }

    void duplicate() {
        duplicates.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void malformed() {
        malformed.incrementAndGet();
    }

    void storeFailure() {
        storeFailures.incrementAndGet();
    }

    /** An ack was decided but could not be handed to the broker. */
    public void ackFailure() {
        ackFailures.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(batches.get(), changesApplied.get(), duplicates.get(), rejected.get(), malformed.get(),
                storeFailures.get(), ackFailures.get());
    }

    /**
     * The counters at one moment.
     *
     * @param batches batches answered with an ack
     * @param changesApplied changes committed with a new version
     * @param duplicates changes already committed before (same origin and HLC)
     * @param rejected changes refused with a reason
     * @param malformed messages that were not a readable batch from a valid device topic (no ack sent)
     * @param storeFailures batches the store failed to commit (no ack sent: the device retransmits)
     * @param ackFailures acks that could not be published (committed; the device retransmits and gets duplicates)
     */
    public record Snapshot(long batches, long changesApplied, long duplicates, long rejected, long malformed,
            long storeFailures, long ackFailures) {
    }
}
