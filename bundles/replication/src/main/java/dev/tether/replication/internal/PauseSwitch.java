package dev.tether.replication.internal;

/** An operator's pause of sync, shared by both directions. */
final class PauseSwitch {

    private volatile boolean paused;

    boolean isPaused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    /** @return whether sync was paused */
    boolean resume() {
        boolean was = paused;
        paused = false;
        return was;
    }
}
