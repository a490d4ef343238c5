package dev.tether.benchmarks.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Fleet mode: N simulated devices (protocol-level clients, no Derby), each sending new items at a
 * fixed rate, against one cloud instance and then two sharing the subscription, both on a
 * mosquitto broker and one durable PostgreSQL. N grows step by step; a step is sustained when the
 * cloud acknowledged at least 95 % of the offered rate in the step's second half and the
 * unacknowledged changes at the end are at most two seconds' worth. Reports the largest N × rate sustained for each setup.
 */
final class Fleet {

    private static final int CHANGES_PER_BATCH = 10;
    private static final long TICK_NANOS = 10_000_000;

    private final Bench bench;
    private final Options options;

    Fleet(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
    }

    void run() throws Exception {
        Bench.progress("fleet: starting mosquitto and PostgreSQL (durable)");
        String broker = ExternalServices.startMosquitto(bench.workspace(), bench.registry());
        String store = ExternalServices.startPostgres(bench.workspace(), bench.registry());
        List<CloudNode> clouds = new ArrayList<>();
        try {
            for (int instances = 1; instances <= 2; instances++) {
                Bench.progress("fleet: starting cloud instance " + instances + " (PostgreSQL store, shared subscription)");
                clouds.add(CloudNode.start(bench.workspace(), "fleet-cloud-" + instances, externalCloud(broker, store), bench.registry()));
                double best = 0;
                for (int devices : options.fleetDevices()) {
                    double sustained = step(broker, instances, devices);
                    if (sustained <= 0) {
                        break;
                    }
                    best = Math.max(best, sustained);
                }
                bench.report().add("fleet", instances + " cloud instance(s): largest N × rate sustained", best, "changes/s",
                        "devices at " + Report.number(options.fleetRatePerDevice()) + " changes/s each, "
                                + CHANGES_PER_BATCH + " per message; mosquitto, PostgreSQL");
            }
        } finally {
            clouds.forEach(CloudNode::stop);
        }
    }

    private static Map<String, String> externalCloud(String broker, String store) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TETHER_CLOUD_BROKER_EMBEDDED", "false");
        environment.put("TETHER_CLOUD_BROKER_URI", broker);
        environment.put("TETHER_CLOUD_STORE_URL", store);
        environment.put("TETHER_CLOUD_STORE_USERNAME", ExternalServices.postgresUser());
        return environment;
    }

    /** One step: returns the offered rate if sustained, 0 if not. */
    private double step(String broker, int instances, int deviceCount) throws Exception {
        double rate = options.fleetRatePerDevice();
        double offered = deviceCount * rate;
        String setup = instances + " cloud(s), " + deviceCount + " devices × " + Report.number(rate) + "/s";
        Bench.progress("fleet: " + setup + " = " + Report.number(offered) + " changes/s offered, " + options.fleetStepSeconds() + " s");
        List<FleetDevice> devices = new ArrayList<>();
        long run = System.currentTimeMillis();
        try {
            for (int i = 0; i < deviceCount; i++) {
                devices.add(new FleetDevice(broker, "fleet-" + run + "-" + i, options.itemBytes()));
            }
            Latencies latencies = new Latencies();
            double messagesPerDevicePerSecond = rate / CHANGES_PER_BATCH;
            long start = System.nanoTime();
            long end = start + (long) (options.fleetStepSeconds() * 1e9);
            long half = start + (end - start) / 2;
            long[] published = new long[deviceCount];
            long ackedAtHalf = -1;
            long halfNanos = 0;
            long refused = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (ackedAtHalf < 0 && now >= half) {
                    ackedAtHalf = acked(devices);
                    halfNanos = now;
                    devices.forEach(device -> device.measure(latencies));
                }
                long due = (long) ((now - start) / 1e9 * messagesPerDevicePerSecond) + 1;
                for (int i = 0; i < deviceCount; i++) {
                    while (published[i] < due) {
                        if (!devices.get(i).publish(CHANGES_PER_BATCH)) {
                            refused++;
                            break;
                        }
                        published[i]++;
                    }
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
            double seconds = (System.nanoTime() - halfNanos) / 1e9;
            long ackedAtEnd = acked(devices);
            double ackedPerSecond = (ackedAtEnd - ackedAtHalf) / seconds;
            long unacked = devices.stream().mapToLong(FleetDevice::sent).sum() - ackedAtEnd;
            long rejected = devices.stream().mapToLong(FleetDevice::rejected).sum();
            boolean sustained = ackedPerSecond >= 0.95 * offered && unacked <= 2 * offered && rejected == 0;
            String note = String.format(Locale.ROOT, "offered %s/s; ack p50 %.1f ms, p99 %.1f ms; %d unacked at the end; %d rejected; "
                    + "%d publishes refused (in flight); %s", Report.number(offered), latencies.percentileMillis(0.5),
                    latencies.percentileMillis(0.99), unacked, rejected, refused, sustained ? "sustained" : "NOT sustained");
            bench.report().add("fleet", setup + ": acked", ackedPerSecond, "changes/s", note);
            return sustained ? offered : 0;
        } finally {
            devices.forEach(FleetDevice::close);
        }
    }

    private static long acked(List<FleetDevice> devices) {
        return devices.stream().mapToLong(FleetDevice::acked).sum();
    }
}
