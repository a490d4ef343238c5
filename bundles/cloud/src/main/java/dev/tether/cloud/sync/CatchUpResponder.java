package dev.tether.cloud.sync;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.tether.cloud.feed.DownPages;
import dev.tether.cloud.feed.DownPublisher;
import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.ProtocolCodec;
import dev.tether.protocol.ProtocolException;
import dev.tether.protocol.SyncRequest;
import dev.tether.protocol.Topics;

/**
 * Answers a device's catch-up request on {@code {p}/{device}/up/sync}: every change of the device's
 * scope and of the shared scope with a version above {@code since}, in version order, in
 * {@link DownChanges} pages sent to the request's response topic with its correlation data; the
 * last page has {@code more = false} (an up-to-date device gets one empty page); each page carries an
 * estimate of the changes still to come. A request older than the store's tombstone watermark, whose
 * deletes may be purged, gets one page saying {@code resync} instead, and so does one overtaken by a
 * purge while it is answered. A full resync request gets every live item of both scopes, plus the
 * deletes committed while it is answered. Never throws.
 */
public final class CatchUpResponder {

    private static final System.Logger LOG = System.getLogger(CatchUpResponder.class.getName());
    private static final int ROWS_PER_READ = 500;

    private final CloudStore store;
    private final Topics topics;
    private final ProtocolCodec codec;
    private final DownPages pages;
    private final DownPublisher publisher;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resyncsRequired = new AtomicLong();
    private final AtomicLong fullResyncs = new AtomicLong();

    public CatchUpResponder(CloudStore store, Topics topics, ProtocolCodec codec, DownPages pages, DownPublisher publisher) {
        this.store = store;
        this.topics = topics;
        this.codec = codec;
        this.pages = pages;
        this.publisher = publisher;
    }

    public void handle(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        Optional<String> device = deviceOf(topic);
        if (device.isEmpty()) {
            refuse("not a {prefix}/{device}/up/sync topic: " + topic);
            return;
        }
        if (responseTopic == null || responseTopic.isBlank()) {
            refuse("catch-up request of device " + device.get() + " has no response topic");
            return;
        }
        SyncRequest request;
        try {
            request = codec.decodeSyncRequest(payload);
        } catch (ProtocolException e) {
            refuse("catch-up request of device " + device.get() + ": " + e.getMessage());
            return;
        }
        try {
            int messages = answer(device.get(), request, responseTopic, correlationData);
            answered.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "Catch-up of {0} since {1}: {2} page(s)", device.get(), request.since(), messages);
        } catch (Exception e) {
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Catch-up of device {0} since {1} failed (the device asks again): {2}",
                    device.get(), request.since(), e.getMessage());
        }
    }

    public long answered() {
        return answered.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Catch-up requests answered with "resync required" (cursor older than the tombstone horizon). */
    public long resyncsRequired() {
        return resyncsRequired.get();
    }

    /** Full resync requests answered. */
    public long fullResyncs() {
        return fullResyncs.get();
    }

    private int answer(String device, SyncRequest request, String responseTopic, byte[] correlationData) throws Exception {
        List<String> scopes = List.of(device, CloudStore.SHARED_SCOPE);
        Answer answer = new Answer(responseTopic, correlationData);
        if (request.isFullResync()) {
            // Tombstones from before the answer began are of no use to a device that drops what it is not sent.
            long start = store.highestVersion();
            fullResyncs.incrementAndGet();
            return answer.send(scopes, 0, store.countChangesSince(scopes, 0, true),
                    change -> !change.deleted() || change.version() > start, true, () -> false);
        }
        long since = request.since();
        if (pastHorizon(device, request)) {
            return answer.resyncRequired(since);
        }
        // Read from the lower cursor, send each stream only what lies beyond its own: a device whose
        // shared stream stood still is not sent its own stream's changes again.
        Predicate<CloudItem> unseen = change -> change.version() > (CloudStore.SHARED_SCOPE.equals(change.scope())
                ? request.sharedCursor() : request.deviceCursor());
        return answer.send(scopes, since, store.countChangesSince(scopes, since, false), unseen, false,
                () -> pastHorizon(device, request));
    }

    /**
     * Whether deletes the device has not seen may be purged: a stream's cursor below the watermark of
     * its scope. Each stream is checked on its own, so a device whose shared cursor stands still (no
     * shared changes) is not sent to a full resync by deletes of its own scope it has already applied.
     */
    private boolean pastHorizon(String device, SyncRequest request) {
        return request.deviceCursor() < store.tombstoneWatermark(device)
                || request.sharedCursor() < store.tombstoneWatermark(CloudStore.SHARED_SCOPE);
    }

    /** One answer's pages, in order, to the request's response topic. */
    private final class Answer {
        private final String responseTopic;
        private final byte[] correlationData;
        private int sent;

        Answer(String responseTopic, byte[] correlationData) {
            this.responseTopic = responseTopic;
            this.correlationData = correlationData;
        }

        /**
         * @param total how many changes the answer is expected to hold, for the estimate of what is left;
         *        negative if unknown
         * @param full a full resync: the device's own writes go down too
         * @param pastHorizon checked before the last page: whether a purge overtook the answer, which
         *        then ends with "resync required" instead
         */
        int send(List<String> scopes, long from, long total, Predicate<CloudItem> wanted, boolean full,
                BooleanSupplier pastHorizon) throws Exception {
            long examined = from;
            long lastSentCursor = from;
            long changesSent = 0;
            while (true) {
                List<CloudItem> read = store.changesSince(scopes, examined, ROWS_PER_READ);
                boolean last = read.size() < ROWS_PER_READ;
                long examinedUpTo = read.isEmpty() ? examined : read.get(read.size() - 1).version();
                List<CloudItem> changes = read.stream().filter(wanted).toList();
                List<DownChanges> chunk = pages.paginate(changes, lastSentCursor, examinedUpTo, last, full);
                for (int i = 0; i < chunk.size(); i++) {
                    DownChanges page = chunk.get(i);
                    boolean finalPage = last && i == chunk.size() - 1;
                    // A purge during this answer may have taken deletes it had not read yet.
                    if (finalPage && pastHorizon.getAsBoolean()) {
                        return resyncRequired(from);
                    }
                    changesSent += page.changes().size();
                    publish(finalPage ? page.withRemaining(0)
                            : total < 0 ? page : page.withRemaining(Math.max(0, total - changesSent)));
                    lastSentCursor = page.cursor();
                }
                examined = examinedUpTo;
                if (last) {
                    return sent;
                }
            }
        }

        int resyncRequired(long since) throws Exception {
            resyncsRequired.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "Catch-up since {0} is older than the tombstone horizon; resync required", since);
            publish(DownChanges.resyncRequired(since));
            return sent;
        }

        private void publish(DownChanges page) throws Exception {
            publisher.publish(responseTopic, pages.encode(page), correlationData);
            sent++;
        }
    }

    private Optional<String> deviceOf(String topic) {
        Optional<String> device = topics.deviceOf(topic);
        try {
            if (device.isPresent() && topics.upSync(device.get()).equals(topic)) {
                return device;
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private void refuse(String reason) {
        refused.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "Catch-up request ignored: {0}", reason);
    }
}
