#!/bin/sh
# The tests start a real mosquitto broker and throwaway PostgreSQL clusters, and drive the admin
# console in headless Chromium. Install the Debian packages that are missing (run by the root pom
# at validate; quiet when all are there).
set -e
missing=""
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
    missing="$missing mosquitto"
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    missing="$missing postgresql"
fi
if [ ! -x /usr/bin/chromium ]; then
    missing="$missing chromium"
fi
if [ ! -x /usr/bin/chromedriver ]; then
    missing="$missing chromium-driver"
fi
if [ -z "$missing" ]; then
    exit 0
fi
echo "installing Debian packages needed by the tests:$missing"
if [ "$(id -u)" = "0" ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "cannot install$missing: not root and no sudo. Install them: apt-get install$missing" >&2
    exit 1
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
# The postgresql package creates and starts a cluster of its own; the tests make their own throwaway ones.
if echo "$missing" | grep -q postgresql && command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version cluster rest; do
        $sudo pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
    done
fi
{ command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; }
ls /usr/lib/postgresql/*/bin/postgres >/dev/null
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
