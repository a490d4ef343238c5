package dev.tether.transport.mqtt.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.tether.transport.InboundMessage;

/**
 * The handlers registered through {@code subscribe}, independent of any connection: they are what
 * gets (re)subscribed on every connect. Several handlers may share one filter; the broker
 * subscription is kept until the last of them is closed.
 */
final class Subscriptions {

    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One subscribe call. Identity matters: the same handler may be registered twice. */
    static final class Registration {
        private final TopicFilter filter;
        private final Function<InboundMessage, ? extends CompletionStage<?>> handler;

        private Registration(TopicFilter filter, Function<InboundMessage, ? extends CompletionStage<?>> handler) {
            this.filter = filter;
            this.handler = handler;
        }

        String filter() {
            return filter.value();
        }
    }

    private final Object lock = new Object();
    /** Replaced, never changed in place, so delivery reads it without locking. */
    private volatile List<Registration> registrations = List.of();

    /** A handler done with each message when it returns. */
    Registration add(TopicFilter filter, Consumer<InboundMessage> handler) {
        return addFinishingLater(filter, message -> {
            handler.accept(message);
            return DONE;
        });
    }

    /** A handler done with each message when the stage it returns completes. */
    Registration addFinishingLater(TopicFilter filter, Function<InboundMessage, ? extends CompletionStage<?>> handler) {
        Registration registration = new Registration(filter, handler);
        synchronized (lock) {
            List<Registration> next = new ArrayList<>(registrations);
            next.add(registration);
            registrations = List.copyOf(next);
        }
        return registration;
    }

    /** Removes a registration; returns true when no other registration uses its filter any more. */
    boolean remove(Registration registration) {
        synchronized (lock) {
            List<Registration> next = new ArrayList<>(registrations);
            next.remove(registration);
            registrations = List.copyOf(next);
            return next.stream().noneMatch(r -> r.filter().equals(registration.filter()));
        }
    }

    /** The distinct filters in registration order. */
    List<String> filters() {
        LinkedHashSet<String> filters = new LinkedHashSet<>();
        for (Registration registration : registrations) {
            filters.add(registration.filter());
        }
        return List.copyOf(filters);
    }

    /**
     * Hands the message to every matching handler; a handler that throws is logged and skipped.
     *
     * @return completes when every handler is done with the message (failed ones count as done)
     */
    CompletableFuture<Void> deliver(InboundMessage message) {
        boolean matched = false;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Registration registration : registrations) {
            if (!registration.filter.matches(message.topic())) {
                continue;
            }
            matched = true;
            try {
                CompletableFuture<?> done = registration.handler.apply(message).toCompletableFuture();
                if (!done.isDone()) {
                    pending.add(done.exceptionally(failure -> null));
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "handler for " + registration.filter() + " failed on a message to "
                        + message.topic() + "; delivery goes on", e);
            }
        }
        if (!matched) {
            LOG.log(Level.WARNING, "no handler for a message to {0}; dropped", message.topic());
        }
        return pending.isEmpty() ? DONE : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
}
