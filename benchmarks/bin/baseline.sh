#!/bin/sh
# One documented command for the "baseline" scenario of the end-to-end benchmark (see the root README, "Benchmarks").
# Extra options go to the driver, e.g. --duration 10 for a quick check; see run-load.sh.
exec "$(dirname "$0")/run-load.sh" --scenario baseline --name baseline "$@"
