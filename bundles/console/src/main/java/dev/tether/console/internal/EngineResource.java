package dev.tether.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tether.sync.SyncService;

/**
 * The engine's list and actions: {@code /conflicts}, {@code POST /sync}, {@code /resync},
 * {@code /pause}, {@code /resume}.
 */
final class EngineResource {

    private final GatewayServices services;
    private final SyncEngineExtensions engine;

    EngineResource(GatewayServices services, SyncEngineExtensions engine) {
        this.services = services;
        this.engine = engine;
    }

    ApiResponse conflicts(ApiRequest request, PageLimits limits) {
        if (!request.method().equals("GET") || request.path().size() > 1) {
            return ApiResponse.error(405, "conflicts can only be listed: GET /tether/api/conflicts");
        }
        return list(request, limits, engine::conflicts);
    }

    ApiResponse action(ApiRequest request) {
        if (!request.method().equals("POST") || request.path().size() > 1) {
            return ApiResponse.error(405, "use POST /tether/api/" + request.segment(0));
        }
        return switch (request.segment(0)) {
            case "sync" -> syncNow();
            case "resync" -> message(engine.resync());
            case "pause" -> message(engine.pause());
            case "resume" -> message(engine.resume());
            default -> ApiResponse.error(404, "no such action: " + request.segment(0));
        };
    }

    private ApiResponse syncNow() {
        Optional<SyncService> sync = services.sync();
        if (sync.isEmpty()) {
            return ApiResponse.error(503, "the replication engine is not running (is dev.tether.replication configured?)");
        }
        sync.get().syncNow();
        return ApiResponse.accepted("sync started; outbox depth " + sync.get().status().outboxDepth());
    }

    private static ApiResponse list(ApiRequest request, PageLimits limits, EngineLister lister) {
        int offset;
        int limit;
        try {
            offset = PageLimits.offset(request.query().get(ItemsResource.AFTER));
            limit = limits.limit(request.query().get(ItemsResource.LIMIT));
        } catch (IllegalArgumentException e) {
            return ApiResponse.invalid("bad paging parameters", List.of(e.getMessage()));
        }
        Feature<List<Map<String, Object>>> found = lister.list(offset, limit);
        if (found instanceof Feature.Available<List<Map<String, Object>>> available) {
            List<Map<String, Object>> items = available.value();
            String next = items.size() < limit ? null : Integer.toString(offset + items.size());
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("items", items);
            page.put("next", next);
            return ApiResponse.ok(page);
        }
        return ApiResponse.of(found);
    }

    private static ApiResponse message(Feature<String> done) {
        if (done instanceof Feature.Available<String> available) {
            return ApiResponse.ok(Map.of("message", available.value()));
        }
        return ApiResponse.of(done);
    }

    /** A listing of the engine that pages by position. */
    private interface EngineLister {
        Feature<List<Map<String, Object>>> list(int offset, int limit);
    }
}
