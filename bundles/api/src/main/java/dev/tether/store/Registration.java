package dev.tether.store;

/** Undoes a {@link LocalStore#subscribe subscription}. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
