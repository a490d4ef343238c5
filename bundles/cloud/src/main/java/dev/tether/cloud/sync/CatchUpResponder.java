package dev.tether.cloud.sync;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

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
 * last page has {@code more = false} (an up-to-date device gets one empty page). Never throws.
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
            int messages = answer(device.get(), request.since(), responseTopic, correlationData);
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

    private int answer(String device, long since, String responseTopic, byte[] correlationData) throws Exception {
        List<String> scopes = List.of(device, CloudStore.SHARED_SCOPE);
        long examined = since;
        long lastSentCursor = since;
        int sent = 0;
        while (true) {
            List<CloudItem> changes = store.changesSince(scopes, examined, ROWS_PER_READ);
            boolean last = changes.size() < ROWS_PER_READ;
            long examinedUpTo = changes.isEmpty() ? examined : changes.get(changes.size() - 1).version();
            for (DownChanges page : pages.paginate(changes, lastSentCursor, examinedUpTo, last)) {
                publisher.publish(responseTopic, pages.encode(page), correlationData);
                lastSentCursor = page.cursor();
                sent++;
            }
            examined = examinedUpTo;
            if (last) {
                return sent;
            }
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
