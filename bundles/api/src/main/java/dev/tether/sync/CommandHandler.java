package dev.tether.sync;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Executes device commands sent from the cloud as items of the built-in {@code Command} model.
 * Register one as an OSGi service with the service property {@value #COMMAND_PROPERTY} naming the
 * command it executes. The engine hands each command to its handler once: a command redelivered,
 * caught up again or found after a restart is not executed twice; one that was running when the
 * gateway stopped is marked failed instead of being run again. The outcome is written back into
 * the command item ({@code status} done or failed, {@code message}) and syncs up.
 */
@ConsumerType
public interface CommandHandler {

    /** Service property: the command name this handler executes (the item's {@code command} field). */
    String COMMAND_PROPERTY = "tether.command";

    /**
     * Executes the command.
     *
     * @param args the command item's {@code args} (empty if it has none)
     * @return a message describing the outcome, stored as the command's {@code message}
     * @throws Exception to mark the command failed; the exception's message is stored
     */
    String execute(Map<String, Object> args) throws Exception;
}
