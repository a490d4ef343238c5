package dev.tether.replication.internal;

import java.util.Optional;

import dev.tether.protocol.DownChange;

/** Decides whether a change from the cloud may be applied on this device, and says why not. */
@FunctionalInterface
interface DownstreamPolicy {

    /** Empty if the change may be applied, else the reason it is refused. */
    Optional<String> refusal(DownChange change);
}
