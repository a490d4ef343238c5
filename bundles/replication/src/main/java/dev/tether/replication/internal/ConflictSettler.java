package dev.tether.replication.internal;

import dev.tether.store.Acknowledgement;
import dev.tether.store.CloudChange;

/** Where the engine settles a change the cloud answered {@code conflict}: the store's {@code Inbound#settleConflict}. */
@FunctionalInterface
interface ConflictSettler {

    /**
     * @param acknowledgement the conflicting change and the item's cloud version after the settlement
     * @param cloudWinner the winning write when it is not the device's own, {@code null} when the device's write won
     */
    void settle(Acknowledgement acknowledgement, CloudChange cloudWinner);
}
