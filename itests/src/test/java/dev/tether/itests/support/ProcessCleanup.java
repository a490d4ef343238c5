package dev.tether.itests.support;

/** Makes sure no process a test started outlives the test JVM, even when a test fails half-way. */
public final class ProcessCleanup {

    private ProcessCleanup() {
    }

    public static void killOnExit(ProcessHandle process) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "kill " + process.pid()));
    }
}
