package dev.tether.store;

/** The work of a {@link LocalStore#transaction transaction}; throwing rolls everything back. */
@FunctionalInterface
public interface TransactionWork<T> {

    T run(Transaction transaction);
}
