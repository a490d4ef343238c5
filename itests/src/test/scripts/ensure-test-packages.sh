#!/bin/sh
# Tests start a real mosquitto broker. Install it from Debian's packages when missing (run by the root pom).
set -e
if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
    exit 0
fi
echo "mosquitto is missing: installing the Debian package (needed by the integration tests)"
if [ "$(id -u)" = "0" ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "cannot install mosquitto: not root and no sudo. Install it: apt-get install mosquitto" >&2
    exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mosquitto >/dev/null
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]
