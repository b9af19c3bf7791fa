#!/usr/bin/env bash
# scenarios/linux/gvisor-kernel.yaml as a plain bash script: the same docker calls, the same claims,
# without isocheck. Exits non-zero when a claim does not hold; removes its containers on any exit.
set -euo pipefail
IMAGE="${IMAGE:-isocheck/busybox:local}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ids=()
cleanup() { [ ${#ids[@]} -eq 0 ] || docker rm --force --volumes "${ids[@]}" >/dev/null; }
trap cleanup EXIT

docker info --format '{{json .}}' >/dev/null
host_release=$(uname -r)
[ -n "$host_release" ] || fail "uname -r printed nothing"

# gVisor: another kernel
sbx=$(docker run --detach --label io.isocheck.bench=1 --runtime=runsc "$IMAGE" sleep 600); ids+=("$sbx")
# the sandbox's kernel log is gVisor's (eventually 5s)
end=$((SECONDS + 5))
until [[ "$(docker exec "$sbx" dmesg 2>&1 || true)" == *gVisor* ]]; do
  [ $SECONDS -lt $end ] || fail "the sandbox's kernel log does not mention gVisor"
  sleep 0.1
done
sbx_release=$(docker exec "$sbx" uname -r)
[ -n "$sbx_release" ] || fail "uname -r in the sandbox printed nothing"
case "$sbx_release" in *"$host_release"*) fail "the sandbox reports the host's release $host_release";; esac

# runc: the host's kernel
proc=$(docker run --detach --label io.isocheck.bench=1 "$IMAGE" sleep 600); ids+=("$proc")
proc_release=$(docker exec "$proc" uname -r)
[ "$proc_release" = "$host_release" ] || fail "runc container reports $proc_release, host $host_release"
echo "ok"
