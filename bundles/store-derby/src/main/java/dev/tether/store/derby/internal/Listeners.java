package dev.tether.store.derby.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tether.store.ItemChange;
import dev.tether.store.Registration;
import dev.tether.store.StoreListener;

/** The in-process subscribers of committed changes; a failing listener is logged and skipped. */
final class Listeners {

    private static final Logger LOG = System.getLogger(Listeners.class.getName());

    private record Subscriber(String model, StoreListener listener) {
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    Registration add(String model, StoreListener listener) {
        Subscriber subscriber = new Subscriber(model, listener);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void notify(List<ItemChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (Subscriber subscriber : subscribers) {
            List<ItemChange> relevant = subscriber.model() == null ? List.copyOf(changes)
                    : changes.stream().filter(change -> change.model().equals(subscriber.model())).toList();
            if (relevant.isEmpty()) {
                continue;
            }
            try {
                subscriber.listener().committed(relevant);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A store listener failed on " + relevant.size() + " changes: " + e, e);
            }
        }
    }
}
