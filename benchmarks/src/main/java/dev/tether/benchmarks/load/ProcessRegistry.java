package dev.tether.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every process the driver started, so that all are stopped when it ends, fails or is interrupted. */
final class ProcessRegistry {

    private final List<ManagedProcess> processes = new ArrayList<>();

    synchronized void add(ManagedProcess process) {
        processes.add(process);
    }

    /** Stops the processes still running, the latest first. */
    synchronized void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ManagedProcess process = processes.get(i);
            if (process.alive()) {
                process.stop(Duration.ofSeconds(10));
            }
        }
        processes.clear();
    }
}
