#!/usr/bin/env bash
# scenarios/linux/pid-namespace.yaml as a plain bash script: the same docker calls and host reads,
# the same claims, without isocheck. Exits non-zero when a claim does not hold; removes its
# container on any exit.
set -euo pipefail
IMAGE="${IMAGE:-isocheck/busybox:local}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ids=()
cleanup() { [ ${#ids[@]} -eq 0 ] || docker rm --force --volumes "${ids[@]}" >/dev/null; }
trap cleanup EXIT

docker info --format '{{json .}}' >/dev/null
# owner <pid>: the container id in /proc/<pid>/cgroup
owner() { grep -m1 -o '/docker/[0-9a-f]\{64\}' "/proc/$1/cgroup" 2>/dev/null | cut -d/ -f3 || true; }

proc=$(docker run --detach --label io.isocheck.bench=1 "$IMAGE" ping 127.0.0.1); ids+=("$proc")

# docker top lists ping with its host PID (eventually 5s)
host_pid=""
for _ in $(seq 50); do
  host_pid=$(docker top "$proc" | awk 'NR>1 && $8 ~ /(^|\/)ping$/ {print $2; exit}')
  [ -n "$host_pid" ] && break; sleep 0.1
done
[ -n "$host_pid" ] || fail "docker top shows no ping"

# inside the container, ping is PID 1
inside=$(docker exec "$proc" ps)
inner_pid=$(printf '%s\n' "$inside" | awk '$3 == "ping" {print $1; exit}')
[ "$inner_pid" = 1 ] || fail "inside the container ping is PID '${inner_pid}', not 1"

# the host sees that ping under its host PID, owned by the container
[ "$(cat "/proc/$host_pid/comm" 2>/dev/null)" = ping ] || fail "host PID $host_pid is not ping"
[ "$(owner "$host_pid")" = "$proc" ] || fail "host PID $host_pid is not owned by $proc"
[ "$host_pid" != "$inner_pid" ] || fail "host PID equals the inner PID"
# the host's process with the inner PID is not the container's
[ "$(owner "$inner_pid")" != "$proc" ] || fail "host PID $inner_pid is owned by the container"

# the container's ping lives in another PID namespace
host_ns=$(readlink /proc/self/ns/pid)
ping_ns=$(readlink "/proc/$host_pid/ns/pid")
[[ "$ping_ns" =~ ^pid:\[[0-9]+\] ]] || fail "no PID namespace for $host_pid"
[ "$ping_ns" != "$host_ns" ] || fail "the container's ping shares the host's PID namespace"
inside_ns=$(docker exec "$proc" readlink /proc/1/ns/pid)
[ "$inside_ns" = "$ping_ns" ] || fail "PID 1 inside is in $inside_ns, not $ping_ns"
echo "ok"
