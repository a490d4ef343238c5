package dev.tether.cloud.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tether.cloudstore.CloudItem;
import dev.tether.cloudstore.CloudStore;
import dev.tether.protocol.ItemKey;

/**
 * The items of one model in one scope: the list ({@code limit}, default 100; the next page with
 * {@code afterPk}/{@code afterSk} from the previous page's {@code next}), or with {@code pk} (and
 * {@code sk}) the one item with its version, origin and HLC; PUT and DELETE through {@link ItemWriter}.
 */
final class ItemsEndpoint {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("pk", "sk", "limit", "afterPk", "afterSk");
    private static final Set<String> KEY_PARAMETERS = Set.of("pk", "sk");

    private final CloudStore store;
    private final ItemWriter writer;

    ItemsEndpoint(CloudStore store, ItemWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    Object get(String scope, String scopeLabel, String model, ApiRequest request) {
        request.allowOnly(PARAMETERS);
        Optional<ItemKey> key = key(request, false);
        if (key.isEmpty()) {
            Optional<String> afterPk = request.parameter("afterPk");
            Optional<String> afterSk = request.parameter("afterSk");
            if (afterSk.isPresent() && afterPk.isEmpty()) {
                throw ApiError.badRequest("'afterSk' needs 'afterPk'");
            }
            ItemKey after = afterPk.map(pk -> nonEmptyKey(pk, afterSk.orElse(null), "afterPk")).orElse(null);
            int limit = limit(request);
            List<CloudItem> items = store.list(scope, model, after, limit);
            ItemKey next = items.size() == limit ? items.get(items.size() - 1).key() : null;
            return new ItemList(scope, model, items, next);
        }
        if (request.parameter("limit").isPresent() || request.parameter("afterPk").isPresent()) {
            throw ApiError.badRequest("'limit' and 'afterPk' apply to lists, not to one item by 'pk'");
        }
        CloudItem item = store.get(scope, model, key.get())
                .orElseThrow(() -> ApiError.notFound("no item " + key.get() + " of model " + model + " in " + scopeLabel));
        if (item.deleted()) {
            throw ApiError.notFound("item " + key.get() + " of model " + model + " in " + scopeLabel + " was deleted (version "
                    + item.version() + ")");
        }
        return item;
    }

    Object put(String scope, String model, ApiRequest request, Map<String, Object> body) {
        request.allowOnly(Set.of());
        return writer.put(scope, model, body);
    }

    Object delete(String scope, String model, ApiRequest request) {
        request.allowOnly(KEY_PARAMETERS);
        ItemKey key = key(request, true).orElseThrow();
        return writer.delete(scope, model, key);
    }

    private static Optional<ItemKey> key(ApiRequest request, boolean required) {
        Optional<String> pk = request.parameter("pk");
        Optional<String> sk = request.parameter("sk");
        if (pk.isEmpty()) {
            if (sk.isPresent() || required) {
                throw ApiError.badRequest(required ? "'pk' (and 'sk' for models with a sort key) name the item to delete"
                        : "'sk' needs 'pk'");
            }
            return Optional.empty();
        }
        return Optional.of(nonEmptyKey(pk.get(), sk.orElse(null), "pk"));
    }

    private static ItemKey nonEmptyKey(String pk, String sk, String name) {
        if (pk.isEmpty()) {
            throw ApiError.badRequest("'" + name + "' must not be empty");
        }
        return new ItemKey(pk, sk);
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

    record ItemList(String scope, String model, List<CloudItem> items, ItemKey next) {
    }
}
