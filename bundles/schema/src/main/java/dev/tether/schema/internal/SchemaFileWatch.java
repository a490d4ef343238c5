package dev.tether.schema.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks a file's modification time and size on a scheduled daemon thread and runs an action when
 * either changed. Polling rather than a WatchService because it also sees a file replaced through a
 * symbolic link or on a network file system, and costs one {@code stat} per interval.
 */
final class SchemaFileWatch implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SchemaFileWatch.class.getName());

    private record Stamp(long modifiedMillis, long size) {
    }

    private final Path file;
    private final Runnable onChange;
    private final ScheduledExecutorService executor;
    private Stamp last;

    SchemaFileWatch(Path file, long intervalMillis, Runnable onChange) {
        this.file = file;
        this.onChange = onChange;
        this.last = stamp();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tether-schema-file-watch");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            Stamp now = stamp();
            if (!Objects.equals(now, last)) {
                last = now;
                if (now != null) {
                    onChange.run();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Checking schema file " + file + " failed", e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
