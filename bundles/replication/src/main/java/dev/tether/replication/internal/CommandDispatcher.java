package dev.tether.replication.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tether.store.Condition;
import dev.tether.store.ConditionFailedException;
import dev.tether.store.Filter;
import dev.tether.store.ItemChange;
import dev.tether.store.LocalStore;
import dev.tether.store.Page;
import dev.tether.store.Query;
import dev.tether.store.Registration;
import dev.tether.store.StoreException;
import dev.tether.store.Update;
import dev.tether.sync.CommandHandler;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Runs the commands the cloud sends as {@code Command} items, each once. A command is claimed by a
 * conditional update from {@code pending} to {@code running} before its handler runs, so whatever
 * brings it again — a redelivery, a catch-up, a rescan after a restart — finds it no longer pending.
 * A command still {@code running} when the dispatcher starts was interrupted by a stop: it is marked
 * failed rather than run twice. A command without a handler stays pending until one registers.
 */
@Component(immediate = true)
public class CommandDispatcher {

    static final String MODEL = "Command";
    private static final Logger LOG = System.getLogger(CommandDispatcher.class.getName());
    private static final int SCAN_PAGE = 100;

    private final LocalStore store;
    private final Map<String, CommandHandler> handlers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "tether-commands"));
    private final Registration subscription;

    @Activate
    public CommandDispatcher(@Reference LocalStore store) {
        this.store = store;
        this.subscription = store.subscribe(MODEL, this::committed);
        submit(() -> {
            failInterrupted();
            runPending();
        });
    }

    @Deactivate
    void deactivate() {
        subscription.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + CommandHandler.COMMAND_PROPERTY + "=*)")
    void addHandler(CommandHandler handler, Map<String, Object> properties) {
        handlers.put(String.valueOf(properties.get(CommandHandler.COMMAND_PROPERTY)), handler);
        submit(this::runPending);
    }

    void removeHandler(CommandHandler handler, Map<String, Object> properties) {
        handlers.remove(String.valueOf(properties.get(CommandHandler.COMMAND_PROPERTY)), handler);
    }

    private void committed(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            if (change.fromCloud() && change.item() != null && "pending".equals(change.item().get("status"))) {
                Map<String, Object> command = change.item();
                submit(() -> run(command));
            }
        }
    }

    private void runPending() {
        forEachWithStatus("pending", this::run);
    }

    private void failInterrupted() {
        forEachWithStatus("running", command -> finish(command, "failed",
                "interrupted: the gateway stopped while the command ran; not run again"));
    }

    private void forEachWithStatus(String status, Consumer<Map<String, Object>> action) {
        Query query = Query.of(MODEL).where(Filter.eq("status", status)).limit(SCAN_PAGE);
        while (true) {
            Page page = store.find(query);
            page.items().forEach(action);
            if (page.next().isEmpty()) {
                return;
            }
            query = query.after(page.next().get());
        }
    }

    private void run(Map<String, Object> command) {
        String name = String.valueOf(command.get("command"));
        CommandHandler handler = handlers.get(name);
        if (handler == null) {
            LOG.log(Level.INFO, "command {0} ({1}) waits for a handler registered with {2}={0}", name, command.get("id"),
                    CommandHandler.COMMAND_PROPERTY);
            return;
        }
        try {
            store.update(MODEL, command, Update.set("status", "running"), Condition.where(Filter.eq("status", "pending")));
        } catch (ConditionFailedException alreadyClaimed) {
            return;
        }
        String outcome;
        String message;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = command.get("args") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            message = handler.execute(args);
            outcome = "done";
        } catch (Exception e) {
            message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            outcome = "failed";
        }
        finish(command, outcome, message);
    }

    private void finish(Map<String, Object> command, String outcome, String message) {
        Update update = message == null ? Update.set("status", outcome).andRemove("message")
                : Update.set("status", outcome).andSet("message", message);
        try {
            store.update(MODEL, command, update, Condition.EXISTS);
            LOG.log(Level.INFO, "command {0} ({1}) {2}", command.get("command"), command.get("id"), outcome);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "outcome of command " + command.get("id") + " could not be written: " + e.getMessage());
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "command dispatch failed: " + e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "command dispatcher stopped; the command stays pending");
        }
    }
}
