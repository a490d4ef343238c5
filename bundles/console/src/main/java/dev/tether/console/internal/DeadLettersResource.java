package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tether.schema.ModelDefinition;
import dev.tether.store.DeadLetter;
import dev.tether.store.DeadLetters;
import dev.tether.store.LocalStore;
import dev.tether.store.StoreException;

/**
 * {@code /tether/api/dead-letters}: the changes the engine set aside in the store's outbox (rejected
 * by the cloud, too large), oldest first, paged by position; retry puts one back into the outbox,
 * discard forgets it.
 */
final class DeadLettersResource {

    private final GatewayServices services;

    DeadLettersResource(GatewayServices services) {
        this.services = services;
    }

    ApiResponse handle(ApiRequest request, PageLimits limits) {
        String id = request.segment(1);
        String action = request.segment(2);
        boolean list = id == null && request.method().equals("GET");
        boolean retry = id != null && request.path().size() == 3 && request.method().equals("POST") && "retry".equals(action);
        boolean discard = id != null && ((request.path().size() == 3 && request.method().equals("POST") && "discard".equals(action))
                || (request.path().size() == 2 && request.method().equals("DELETE")));
        if (!list && !retry && !discard) {
            return ApiResponse.error(405, "list dead letters with GET /tether/api/dead-letters; use POST …/{id}/retry,"
                    + " POST …/{id}/discard or DELETE …/{id}");
        }
        Optional<LocalStore> store = services.store();
        if (store.isEmpty()) {
            return ApiResponse.error(503, "the local store is not available now");
        }
        try {
            DeadLetters deadLetters = store.get().outbox().deadLetters();
            if (list) {
                return list(deadLetters, request.query(), limits);
            }
            long letter;
            try {
                letter = Long.parseLong(id);
            } catch (NumberFormatException e) {
                return ApiResponse.invalid("bad dead-letter id", List.of("a dead letter's id is a whole number, not '" + id + "'"));
            }
            boolean existed = retry ? deadLetters.retry(letter) : deadLetters.discard(letter);
            if (!existed) {
                return ApiResponse.error(404, "no dead letter " + letter);
            }
            return ApiResponse.ok(Map.of("message", retry ? "dead letter " + letter + " is back in the outbox"
                    : "dead letter " + letter + " discarded; the item stays as it is on the device"));
        } catch (StoreException e) {
            return ApiResponse.error(503, "the local store could not do it: " + e.getMessage());
        }
    }

    private ApiResponse list(DeadLetters deadLetters, Map<String, String> query, PageLimits limits) {
        int offset;
        int limit;
        try {
            offset = PageLimits.offset(query.get(ItemsResource.AFTER));
            limit = limits.limit(query.get(ItemsResource.LIMIT));
        } catch (IllegalArgumentException e) {
            return ApiResponse.invalid("bad paging parameters", List.of(e.getMessage()));
        }
        List<DeadLetter> upToNextPage = deadLetters.list(offset + limit + 1);
        List<DeadLetter> letters = upToNextPage.subList(Math.min(offset, upToNextPage.size()),
                Math.min(offset + limit, upToNextPage.size()));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", letters.stream().map(this::toJson).toList());
        page.put("next", upToNextPage.size() > offset + limit ? Integer.toString(offset + limit) : null);
        return ApiResponse.ok(page);
    }

    private Map<String, Object> toJson(DeadLetter letter) {
        Optional<ModelDefinition> model = services.schema().flatMap(schema -> schema.model(letter.model()));
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(model.map(ModelDefinition::hashKey).orElse("pk"), letter.key().pk());
        if (letter.key().sk() != null) {
            key.put(model.flatMap(ModelDefinition::sortKey).orElse("sk"), letter.key().sk());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", letter.id());
        json.put("model", letter.model());
        json.put("key", key);
        json.put("op", letter.op().name().toLowerCase(Locale.ROOT));
        json.put("reason", letter.reason());
        json.put("at", letter.at().toString());
        json.put("hlc", letter.hlc());
        json.put("item", letter.item());
        return json;
    }
}
