package dev.tether.load.generator.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;
import dev.tether.sync.SyncService;

/**
 * Writes the configured changes in transactions of the configured size. Paced runs write each
 * transaction at its intended time and key its items by that time (epoch µs), so a stalled commit
 * shows up as latency instead of silently lowering the rate; a run that falls behind still ends
 * when its duration has passed. Unpaced runs write back to back while the outbox backlog stays
 * under its bound.
 */
final class WriteLoop implements Runnable {

    private static final Logger LOG = System.getLogger(WriteLoop.class.getName());
    private static final long BACKLOG_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LocalStore store;
    private final SyncService sync;
    private final GeneratorConfig config;
    private final String payload;

    final AtomicLong committed = new AtomicLong();
    final AtomicLong transactions = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile long startedMicros;
    volatile long finishedMicros;
    volatile long resumedMicros;

    WriteLoop(LocalStore store, SyncService sync, GeneratorConfig config) {
        this.store = store;
        this.sync = sync;
        this.config = config;
        this.payload = payloadFor(config);
    }

    private static String payloadFor(GeneratorConfig config) {
        String bare = "{\"deviceId\":\"" + config.deviceId() + "\",\"id\":\"0000000000000000-00000000\",\"payload\":\"\"}";
        return "x".repeat(Math.max(0, config.itemBytes() - bare.length()));
    }

    @Override
    public void run() {
        boolean offline = "pause".equals(config.sync());
        if (offline) {
            sync.pause();
        }
        long limit = config.count() > 0 ? config.count() : Long.MAX_VALUE;
        long durationNanos = (long) (config.durationSeconds() * 1e9);
        if (config.count() == 0 && durationNanos == 0) {
            return;
        }
        int rows = config.rowsPerTransaction();
        double nanosPerTransaction = config.rate() > 0 ? rows * 1e9 / config.rate() : 0;
        long startNanos = System.nanoTime();
        long startMicros = Clock.epochMicros();
        startedMicros = startMicros;
        long nextBacklogCheck = 0;
        long seq = 0;
        try {
            for (long tx = 0; seq < limit && !Thread.currentThread().isInterrupted(); tx++) {
                long intendedNanos = startNanos + (long) (tx * nanosPerTransaction);
                long now = System.nanoTime();
                if (durationNanos > 0 && Math.max(intendedNanos, now) - startNanos >= durationNanos) {
                    break;
                }
                if (nanosPerTransaction > 0) {
                    if (intendedNanos > now) {
                        LockSupport.parkNanos(intendedNanos - now);
                    }
                } else if (now >= nextBacklogCheck && !offline) {
                    while (sync.status().outboxDepth() > config.maxBacklog() && !Thread.currentThread().isInterrupted()) {
                        LockSupport.parkNanos(BACKLOG_CHECK_NANOS);
                    }
                    nextBacklogCheck = System.nanoTime() + BACKLOG_CHECK_NANOS;
                }
                long keyMicros = nanosPerTransaction > 0
                        ? startMicros + (intendedNanos - startNanos) / 1_000
                        : Clock.epochMicros();
                int inThis = (int) Math.min(rows, limit - seq);
                long first = seq;
                try {
                    store.transaction(transaction -> {
                        for (int row = 0; row < inThis; row++) {
                            transaction.upsert(config.model(), item(keyMicros, first + row));
                        }
                        return null;
                    });
                    committed.addAndGet(inThis);
                    transactions.incrementAndGet();
                } catch (StoreException e) {
                    failures.incrementAndGet();
                    LOG.log(Level.WARNING, "load generator transaction failed: " + e.getMessage());
                }
                seq += inThis;
            }
        } finally {
            finishedMicros = Clock.epochMicros();
            if (offline) {
                sync.resume();
                resumedMicros = Clock.epochMicros();
            }
        }
    }

    private Map<String, Object> item(long keyMicros, long seq) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("deviceId", config.deviceId());
        item.put("id", String.format("%016d-%08d", keyMicros, seq));
        item.put("payload", payload);
        return item;
    }
}
