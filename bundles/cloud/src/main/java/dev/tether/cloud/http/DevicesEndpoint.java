package dev.tether.cloud.http;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/devices}: every device that has sent a batch, with its feed cursor and lag. */
final class DevicesEndpoint implements ApiEndpoint {

    private final Supplier<List<DeviceView>> devices;

    DevicesEndpoint(Supplier<List<DeviceView>> devices) {
        this.devices = devices;
    }

    @Override
    public Object get(ApiRequest request) {
        request.allowOnly(Set.of());
        return new DeviceList(devices.get());
    }

    record DeviceList(List<DeviceView> devices) {
    }
}
