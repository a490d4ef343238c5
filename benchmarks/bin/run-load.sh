#!/bin/sh
# Builds what the end-to-end load driver needs (if missing or older than the sources) and runs it.
# Usage: benchmarks/bin/run-load.sh --scenario <up|latency|down|catch-up|memory|cold-start|baseline|fleet|all> [options]
# Options (defaults are the benchmark issue's): --duration 60 --warmup 10 --item-bytes 200 --latency-rate 1000
#   --catch-up-count 100000 --gateway-heap 64m --poll-millis 100 --writer-threads 8 --cold-starts 3
#   --fleet-devices 5,20,50,100 --fleet-rate 100 --fleet-step 15 --profile (JFR of gateway and cloud into the work folder)
# Results: a text table on stdout and benchmarks/target/results/<scenario>.json; logs and databases in
# benchmarks/target/load-work/<timestamp>/. Every process it starts is stopped on exit, failure or Ctrl-C.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jar=benchmarks/target/benchmarks.jar
generator=bundles/load-generator/target/tether-load-generator-0.1.0-SNAPSHOT.jar
dist=distribution/target/tether
built=benchmarks/target/load-driver.built
if [ ! -e "$jar" ] || [ ! -e "$generator" ] || [ ! -e "$dist/gateway/bin/felix.jar" ] || [ ! -e "$built" ] \
   || [ -n "$(find benchmarks/src bundles/*/src distribution/src config -newer "$built" -type f -print -quit 2>/dev/null)" ]; then
  echo "building the distribution, the load generator and the driver (offline)..."
  mvn -B -o -q package -pl distribution,benchmarks -am -DskipTests
  touch "$built"
fi
exec java -Xmx1g -cp "$jar" dev.tether.benchmarks.load.LoadMain --dist "$dist" --generator "$generator" "$@"
