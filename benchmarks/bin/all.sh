#!/bin/sh
# Every end-to-end scenario in one unattended run with the issue's parameters (≥ 60 s sustained runs),
# sharing one cloud service and one gateway (a new gateway after a backlog it cannot drain); every wait is bounded.
# Writes benchmarks/target/results/all.json.
exec "$(dirname "$0")/run-load.sh" --scenario all --name all "$@"
