package dev.tether.cloudstore;

/**
 * The change feed's view of one scope.
 *
 * @param cursor the cursor of the last message sent to the scope's stream, 0 if none
 * @param pending committed changes of the scope the fan-out has not handed over yet
 */
public record FanOutState(long cursor, long pending) {
}
