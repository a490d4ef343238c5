package dev.tether.benchmarks.load;

/** Placeholder replaced below. */
final class Fleet {
    private final Bench bench;

    Fleet(Bench bench) {
        this.bench = bench;
    }

    void run() {
        Bench.progress("fleet: not built yet");
    }
}
