package dev.tether.cloud.http;

/** One GET endpoint: returns the body to send as JSON with status 200, or throws {@link ApiError}. */
interface ApiEndpoint {

    Object get(ApiRequest request);
}
