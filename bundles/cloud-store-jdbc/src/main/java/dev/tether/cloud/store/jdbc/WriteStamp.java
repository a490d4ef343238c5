package dev.tether.cloud.store.jdbc;

/** Who last wrote a stored item, when, and at which version: all that deciding a write needs. */
record WriteStamp(long version, String origin, String hlc, boolean deleted) {
}
