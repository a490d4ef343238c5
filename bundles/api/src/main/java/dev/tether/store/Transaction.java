package dev.tether.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The writes of one {@link LocalStore#transaction transaction}: they commit together or not at all.
 * Valid only inside the work it was passed to, on that thread.
 */
@ProviderType
public interface Transaction extends ItemWriter {
}
