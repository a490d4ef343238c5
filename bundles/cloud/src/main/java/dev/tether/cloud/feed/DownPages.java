package dev.tether.cloud.feed;

import java.util.ArrayList;
import java.util.List;

import dev.tether.cloudstore.CloudItem;
import dev.tether.protocol.DownChange;
import dev.tether.protocol.DownChanges;
import dev.tether.protocol.Op;
import dev.tether.protocol.ProtocolCodec;

/**
 * Cuts a run of changes into {@link DownChanges} messages of at most {@code maxBytes} each (a single
 * change larger than that travels alone). The pages chain: each names the cursor of the one before
 * as {@code previous}; the last page's cursor is the highest version examined, filtered-out changes
 * included, so that the device's cursor moves past them too.
 */
public final class DownPages {

    private final ProtocolCodec codec;
    private final DownFilter filter;
    private final int maxBytes;
    private final int emptyMessageBytes;
    private final int envelopeBytes;

    public DownPages(ProtocolCodec codec, DownFilter filter, int maxBytes) {
        this.codec = codec;
        this.filter = filter;
        this.maxBytes = maxBytes;
        this.emptyMessageBytes = codec.encode(new DownChanges(List.of(), 0L, 0L, false)).length;
        this.envelopeBytes = codec.encode(new DownChanges(List.of(), Long.MAX_VALUE, Long.MAX_VALUE, true)).length;
    }

    /**
     * The messages for {@code changes} (in version order), the first naming {@code previous}. The
     * last one has cursor {@code examinedUpTo} and {@code more = !lastIsFinal}; the ones before it
     * have {@code more = true}. If no change goes down, the result is empty unless
     * {@code lastIsFinal} (a catch-up answer always ends with a message).
     */
    public List<DownChanges> paginate(List<CloudItem> changes, long previous, long examinedUpTo, boolean lastIsFinal) {
        return paginate(changes, previous, examinedUpTo, lastIsFinal, false);
    }

    /** Like {@link #paginate(List, long, long, boolean)}; {@code ownWritesToo} as in {@link DownFilter#goesDown(CloudItem, boolean)}. */
    public List<DownChanges> paginate(List<CloudItem> changes, long previous, long examinedUpTo, boolean lastIsFinal,
            boolean ownWritesToo) {
        List<DownChanges> pages = new ArrayList<>();
        List<DownChange> page = new ArrayList<>();
        int pageBytes = envelopeBytes;
        long pagePrevious = previous;
        for (CloudItem change : changes) {
            if (!filter.goesDown(change, ownWritesToo)) {
                continue;
            }
            DownChange down = toDown(change);
            int bytes = codec.encode(new DownChanges(List.of(down), 0L, 0L, false)).length - emptyMessageBytes + 1;
            if (!page.isEmpty() && pageBytes + bytes > maxBytes) {
                long cursor = page.get(page.size() - 1).version();
                pages.add(new DownChanges(page, cursor, pagePrevious, true));
                pagePrevious = cursor;
                page = new ArrayList<>();
                pageBytes = envelopeBytes;
            }
            page.add(down);
            pageBytes += bytes;
        }
        if (!page.isEmpty() || lastIsFinal) {
            pages.add(new DownChanges(page, Math.max(examinedUpTo, pagePrevious), pagePrevious, !lastIsFinal));
        }
        return pages;
    }

    public byte[] encode(DownChanges message) {
        return codec.encode(message);
    }

    private static DownChange toDown(CloudItem change) {
        return new DownChange(change.model(), change.key(), change.deleted() ? Op.DELETE : Op.PUT, change.item(),
                change.version(), change.origin(), change.hlc());
    }
}
