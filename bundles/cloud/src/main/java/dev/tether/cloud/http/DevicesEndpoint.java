package dev.tether.cloud.http;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.tether.cloud.store.jdbc.DeviceActivity;

/** {@code GET /api/devices}: every device that has sent a batch. */
final class DevicesEndpoint implements ApiEndpoint {

    private final Supplier<List<DeviceActivity>> devices;

    DevicesEndpoint(Supplier<List<DeviceActivity>> devices) {
        this.devices = devices;
    }

    @Override
    public Object get(ApiRequest request) {
        request.allowOnly(Set.of());
        return new DeviceList(devices.get());
    }

    record DeviceList(List<DeviceActivity> devices) {
    }
}
