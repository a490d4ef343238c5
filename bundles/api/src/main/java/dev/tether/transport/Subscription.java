package dev.tether.transport;

/** A live subscription; closing it unsubscribes. */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
