#!/usr/bin/env bash
# `npm run demo`: run the Linux reference scenario for real, provisioning the engine first if it
# is missing (saying so), so a newcomer gets from clone to a green run in one command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ready() {
  docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"' &&
    docker image inspect isocheck/busybox:local >/dev/null 2>&1
}

if ! ready; then
  echo "demo: the engine, gVisor (runsc) or the local image is missing; provisioning with scripts/provision-engine.sh"
  if [ "$(id -u)" = 0 ]; then bash scripts/provision-engine.sh; else sudo bash scripts/provision-engine.sh; fi
fi
exec node bin/isocheck.js run scenarios/linux/sandbox-isolation.yaml "$@"
