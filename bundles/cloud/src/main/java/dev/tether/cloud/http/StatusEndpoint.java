package dev.tether.cloud.http;

import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/status}. */
final class StatusEndpoint implements ApiEndpoint {

    private final Supplier<StatusView> status;

    StatusEndpoint(Supplier<StatusView> status) {
        this.status = status;
    }

    @Override
    public Object get(ApiRequest request) {
        request.allowOnly(Set.of());
        return status.get();
    }
}
