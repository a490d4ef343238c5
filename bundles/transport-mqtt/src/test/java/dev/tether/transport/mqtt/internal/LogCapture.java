package dev.tether.transport.mqtt.internal;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line of the transport and of Paho, at every level, while open. System.Logger goes to
 * java.util.logging in the tests, so a JUL handler sees both.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("dev.tether.transport.mqtt", "org.eclipse.paho");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = LOGGERS.stream().map(Logger::getLogger).toList();
    private final List<Level> previousLevels = loggers.stream().map(Logger::getLevel).toList();

    LogCapture() {
        setLevel(Level.ALL);
        loggers.forEach(logger -> {
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        });
    }

    /** Each record as it would be printed: message with its parameters, and its exception. */
    List<String> lines() {
        return records.stream().map(LogCapture::format).toList();
    }

    List<String> lines(Level level) {
        return records.stream().filter(record -> record.getLevel().equals(level)).map(LogCapture::format).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(this);
            loggers.get(i).setLevel(previousLevels.get(i));
        }
    }

    private static String format(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        Object[] parameters = record.getParameters();
        StringBuilder text = new StringBuilder(message);
        if (parameters != null) {
            try {
                text = new StringBuilder(MessageFormat.format(message, parameters));
            } catch (IllegalArgumentException notAPattern) {
                // keep the raw message
            }
            for (Object parameter : parameters) {
                text.append(" | ").append(parameter);
            }
        }
        if (record.getThrown() != null) {
            text.append(" | ").append(record.getThrown());
        }
        return text.toString();
    }
}
