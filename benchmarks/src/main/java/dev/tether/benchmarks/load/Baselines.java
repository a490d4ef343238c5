package dev.tether.benchmarks.load;

import java.sql.SQLException;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The raw figures of this machine in this run, measured once and on demand: plain Derby batched
 * inserts on the gateway's disk, and a QoS 1 round trip through the run's own broker.
 */
final class Baselines {

    private static final double DERBY_SECONDS = 5;
    private static final double BROKER_SECONDS = 5;

    private final Bench bench;
    private final java.util.Map<Integer, Double> derbyRowsPerSecond = new java.util.HashMap<>();
    private Double brokerP50;
    private Double brokerP99;
    private Double brokerSaturation;

    Baselines(Bench bench) {
        this.bench = bench;
    }

    double derbyRowsPerSecond(int rowsPerCommit) throws Exception {
        Double known = derbyRowsPerSecond.get(rowsPerCommit);
        if (known == null) {
            Bench.progress("baseline: plain Derby inserts, " + rowsPerCommit + " rows per commit, durable, " + DERBY_SECONDS + " s");
            known = measureDerby(rowsPerCommit);
            derbyRowsPerSecond.put(rowsPerCommit, known);
            bench.report().add("baseline", "Derby insert, " + rowsPerCommit + " row(s)/commit, durable", known, "rows/s",
                    "plain JDBC batch, same row shape and disk");
        }
        return known;
    }

    private double measureDerby(int rowsPerCommit) throws SQLException, java.io.IOException {
        java.nio.file.Path dir = bench.workspace().dir("baseline").resolve("derby-" + rowsPerCommit + "-" + System.nanoTime());
        return new DerbyBaseline(dir, bench.options().itemBytes()).rowsPerSecond(rowsPerCommit, DERBY_SECONDS);
    }

    double brokerP50Millis() throws Exception {
        measureBroker();
        return brokerP50;
    }

    double brokerP99Millis() throws Exception {
        measureBroker();
        return brokerP99;
    }

    double brokerSaturation() throws Exception {
        measureBroker();
        return brokerSaturation;
    }

    private void measureBroker() throws Exception {
        if (brokerP50 != null) {
            return;
        }
        Bench.progress("baseline: MQTT v5 QoS 1 publish → broker → subscriber, " + bench.options().itemBytes() + " B");
        try (BrokerBaseline broker = new BrokerBaseline(bench.cloud().brokerUri())) {
            broker.sequentialRoundTrip(bench.options().itemBytes(), 1);
            Latencies roundTrips = broker.sequentialRoundTrip(bench.options().itemBytes(), BROKER_SECONDS);
            brokerP50 = roundTrips.percentileMillis(0.50);
            brokerP99 = roundTrips.percentileMillis(0.99);
            brokerSaturation = broker.saturation(bench.options().itemBytes(), 10, BROKER_SECONDS);
        } catch (MqttException e) {
            throw new IllegalStateException("broker baseline failed: " + e, e);
        }
        bench.report().add("baseline", "broker round trip, one at a time, p50", brokerP50, "ms", "same broker, QoS 1, pub → sub");
        bench.report().add("baseline", "broker round trip, one at a time, p99", brokerP99, "ms", "same broker, QoS 1, pub → sub");
        bench.report().add("baseline", "broker pub → sub saturation, 10 in flight", brokerSaturation, "msgs/s", "same broker, QoS 1");
    }
}
