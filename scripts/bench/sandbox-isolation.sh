#!/usr/bin/env bash
# The Linux reference scenario (scenarios/linux/sandbox-isolation.yaml) as a plain bash script
# making the same docker calls and host reads, without isocheck. The benchmark runs it side by side
# with `isocheck run` to price what isocheck adds. It checks the same claims and exits non-zero
# when one does not hold, so the two are doing the same work.
set -euo pipefail
IMAGE="${IMAGE:-isocheck/busybox:local}"
RUNSC_ROOT=/var/run/docker/runtime-runc/moby
fail() { echo "FAIL: $*" >&2; exit 1; }
ids=()
cleanup() { [ ${#ids[@]} -eq 0 ] || docker rm --force --volumes "${ids[@]}" >/dev/null; }
trap cleanup EXIT

docker info --format '{{json .}}' >/dev/null

# owner <pid>: the container id in /proc/<pid>/cgroup
owner() { grep -m1 -o '/docker/[0-9a-f]\{64\}' "/proc/$1/cgroup" 2>/dev/null | cut -d/ -f3 || true; }

# runc: ping in the container is the host's ping, same PID, owned by the container
proc=$(docker run --detach --label io.isocheck.bench=1 "$IMAGE" ping 127.0.0.1); ids+=("$proc")
pid=""
for _ in $(seq 50); do
  pid=$(docker top "$proc" | awk 'NR>1 && $8 ~ /(^|\/)ping$/ {print $2; exit}')
  [ -n "$pid" ] && break; sleep 0.1
done
[ -n "$pid" ] || fail "docker top shows no ping"
[ "$(owner "$pid")" = "$proc" ] || fail "host PID $pid is not owned by $proc"

# gVisor: the host has no ping of the container, only its sandbox
sbx=$(docker run --detach --label io.isocheck.bench=1 --runtime=runsc "$IMAGE" ping 127.0.0.1); ids+=("$sbx")
top_pids=$(docker top "$sbx" | awk 'NR>1 {print $2}')
for p in $top_pids; do [ "$(owner "$p")" = "$sbx" ] && fail "engine top unexpectedly right"; done
for _ in $(seq 50); do
  runsc --root "$RUNSC_ROOT" ps "$sbx" | awk 'NR>1 {print $NF}' | grep -qx ping && break; sleep 0.1
done
# for: 1s — exactly one second, like isocheck (SECONDS would end anywhere between 0 and 1 s)
end=$(( ${EPOCHREALTIME/./} + 1000000 ))
while :; do
  for p in $(cat "/sys/fs/cgroup/pids/docker/$sbx/cgroup.procs"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = ping ] && fail "host ping $p in the sandboxed container"
  done
  [ "${EPOCHREALTIME/./}" -ge "$end" ] && break; sleep 0.25
done
n=0; for p in $(cat "/sys/fs/cgroup/pids/docker/$sbx/cgroup.procs"); do
  tr "\0" " " 2>/dev/null < "/proc/$p/cmdline" | grep -q "^runsc-sandbox " && n=$((n+1))
done
[ "$n" = 1 ] || fail "expected 1 runsc-sandbox of the container, found $n"
echo "ok"
