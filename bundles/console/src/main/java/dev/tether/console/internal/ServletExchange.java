package dev.tether.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Translates between servlet requests and responses and the console's {@link ApiRequest} / {@link ApiResponse}. */
final class ServletExchange {

    private static final int MAX_BODY_BYTES = 1 << 20;

    private ServletExchange() {
    }

    /** @param apiPath the part of the path below the API root */
    static ApiRequest toApiRequest(HttpServletRequest request, String apiPath) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                query.put(name, values[0]);
            }
        });
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return ApiRequest.of(request.getMethod(), apiPath == null ? "" : apiPath, query, new String(body, StandardCharsets.UTF_8));
    }

    static void write(HttpServletResponse response, ApiResponse apiResponse, JsonCodec json) throws IOException {
        response.setStatus(apiResponse.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write(json.write(apiResponse.body()));
    }

    static HttpAccessGuard.RequestView view(HttpServletRequest request) {
        return new HttpAccessGuard.RequestView() {
            @Override
            public String method() {
                return request.getMethod();
            }

            @Override
            public String localAddress() {
                return request.getLocalAddr();
            }

            @Override
            public String header(String name) {
                return request.getHeader(name);
            }
        };
    }
}
