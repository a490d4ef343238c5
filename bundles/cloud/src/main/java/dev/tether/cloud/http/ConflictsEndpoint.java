package dev.tether.cloud.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tether.cloudstore.CloudConflict;
import dev.tether.cloudstore.CloudStore;

/** {@code GET /api/conflicts[?limit=]}: the conflict log, newest first. */
final class ConflictsEndpoint implements ApiEndpoint {

    private final CloudStore store;

    ConflictsEndpoint(CloudStore store) {
        this.store = store;
    }

    @Override
    public Object get(ApiRequest request) {
        request.allowOnly(Set.of("limit"));
        Optional<String> text = request.parameter("limit");
        int limit = ItemsEndpoint.DEFAULT_LIMIT;
        if (text.isPresent()) {
            try {
                limit = Integer.parseInt(text.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ItemsEndpoint.MAX_LIMIT) {
                throw ApiError.badRequest("'limit' must be a whole number from 1 to " + ItemsEndpoint.MAX_LIMIT + ", not '"
                        + text.get() + "'");
            }
        }
        return new ConflictList(store.conflicts(limit));
    }

    record ConflictList(List<CloudConflict> conflicts) {
    }
}
