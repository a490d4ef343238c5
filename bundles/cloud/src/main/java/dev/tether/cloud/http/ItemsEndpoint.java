package dev.tether.cloud.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.ItemKey;

/**
 * The items of one model in one scope: the list ({@code limit}, default 100), or with {@code pk}
 * (and {@code sk}) the one item with its version, origin and HLC.
 */
final class ItemsEndpoint {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("pk", "sk", "limit");

    private final CloudStore store;

    ItemsEndpoint(CloudStore store) {
        this.store = store;
    }

    Object get(String scope, String scopeLabel, String model, ApiRequest request) {
        request.allowOnly(PARAMETERS);
        Optional<String> pk = request.parameter("pk");
        Optional<String> sk = request.parameter("sk");
        if (pk.isEmpty()) {
            if (sk.isPresent()) {
                throw ApiError.badRequest("'sk' needs 'pk'");
            }
            return new ItemList(scope, model, store.list(scope, model, limit(request)));
        }
        if (pk.get().isEmpty()) {
            throw ApiError.badRequest("'pk' must not be empty");
        }
        if (request.parameter("limit").isPresent()) {
            throw ApiError.badRequest("'limit' applies to lists, not to one item by 'pk'");
        }
        ItemKey key = new ItemKey(pk.get(), sk.orElse(null));
        CloudItem item = store.get(scope, model, key)
                .orElseThrow(() -> ApiError.notFound("no item " + key + " of model " + model + " in " + scopeLabel));
        if (item.deleted()) {
            throw ApiError.notFound("item " + key + " of model " + model + " in " + scopeLabel + " was deleted (version "
                    + item.version() + ")");
        }
        return item;
    }

    private static int limit(ApiRequest request) {
        Optional<String> text = request.parameter("limit");
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text.get() + "'");
    }

    record ItemList(String scope, String model, List<CloudItem> items) {
    }
}
