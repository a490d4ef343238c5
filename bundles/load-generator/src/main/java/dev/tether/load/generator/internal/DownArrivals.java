package dev.tether.load.generator.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.store.ItemChange;
import dev.tether.store.StoreListener;

/**
 * Times the cloud's writes of the received model as the engine commits them on the device: the
 * item's {@code writtenAt} (epoch µs, set by the writer in the cloud) to the local commit.
 * Items of phase {@code warmup} are counted but not timed.
 */
final class DownArrivals implements StoreListener {

    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong firstMicros = new AtomicLong();
    private final AtomicLong lastMicros = new AtomicLong();

    @Override
    public void committed(List<ItemChange> changes) {
        long now = Clock.epochMicros();
        long fromCloud = 0;
        for (ItemChange change : changes) {
            if (!change.fromCloud() || change.item() == null) {
                continue;
            }
            fromCloud++;
            Object writtenAt = change.item().get("writtenAt");
            if (writtenAt instanceof Number number && !"warmup".equals(change.item().get("phase"))) {
                latencies.record(now - number.longValue());
            }
        }
        if (fromCloud > 0) {
            firstMicros.compareAndSet(0, now);
            lastMicros.set(now);
            received.addAndGet(fromCloud);
        }
    }

    long received() {
        return received.get();
    }

    long firstMicros() {
        return firstMicros.get();
    }

    long lastMicros() {
        return lastMicros.get();
    }

    LatencyHistogram latencies() {
        return latencies;
    }
}
