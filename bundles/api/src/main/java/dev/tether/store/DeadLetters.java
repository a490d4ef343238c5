package dev.tether.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Changes set aside with {@link Outbox#deadLetter}: they no longer block the outbox until retried. */
@ProviderType
public interface DeadLetters {

    /** The oldest dead letters first. */
    List<DeadLetter> list(int max);

    /** Puts the item back into the outbox (with its current content); returns whether the dead letter existed. */
    boolean retry(long id);

    /** Forgets the dead letter; the item stays as it is on the device. Returns whether it existed. */
    boolean discard(long id);

    long count();
}
