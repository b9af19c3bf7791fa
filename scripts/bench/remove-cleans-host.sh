#!/usr/bin/env bash
# scenarios/linux/remove-cleans-host.yaml as a plain bash script: the same docker calls and host
# reads, the same claims, without isocheck. Exits non-zero when a claim does not hold; removes its
# containers on any exit.
set -euo pipefail
IMAGE="${IMAGE:-isocheck/busybox:local}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ids=()
cleanup() { [ ${#ids[@]} -eq 0 ] || docker rm --force --volumes "${ids[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT

docker info --format '{{json .}}' >/dev/null
# owner <pid>: the container id in /proc/<pid>/cgroup
owner() { grep -m1 -o '/docker/[0-9a-f]\{64\}' "/proc/$1/cgroup" 2>/dev/null | cut -d/ -f3 || true; }
# owned <id>: host PIDs whose cgroup names the container (all of /proc: its cgroup may be gone)
owned() { grep -l "/docker/$1" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3 || true; }
# runsc_of <id>: PIDs of runsc-sandbox / runsc-gofer whose command line names the container
runsc_of() { pgrep -f "^runsc-(sandbox|gofer) .*$1" || true; }
# eventually <seconds> <command...>: retry until the command succeeds
eventually() { local end=$((SECONDS + $1)); shift; until "$@"; do [ $SECONDS -lt $end ] || return 1; sleep 0.1; done; }
none() { [ -z "$("$@")" ]; }

# runc
proc=$(docker run --detach --label io.isocheck.bench=1 "$IMAGE" ping 127.0.0.1); ids+=("$proc")
pid=""
for _ in $(seq 50); do
  pid=$(docker top "$proc" | awk 'NR>1 && $8 ~ /(^|\/)ping$/ {print $2; exit}')
  [ -n "$pid" ] && break; sleep 0.1
done
[ -n "$pid" ] || fail "docker top shows no ping"
[ "$(owner "$pid")" = "$proc" ] || fail "host PID $pid is not owned by $proc"
docker rm --force --volumes "$proc" >/dev/null
eventually 5 none owned "$proc" || fail "host processes of the removed runc container remain: $(owned "$proc")"
ping_gone() { [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != ping ]; }
eventually 5 ping_gone || fail "ping $pid of the removed container is still there"

# gVisor
sbx=$(docker run --detach --label io.isocheck.bench=1 --runtime=runsc "$IMAGE" ping 127.0.0.1); ids+=("$sbx")
sandbox_of() { for p in $(cat "/sys/fs/cgroup/pids/docker/$sbx/cgroup.procs" 2>/dev/null); do
  tr "\0" " " 2>/dev/null < "/proc/$p/cmdline" | grep -q "^runsc-sandbox " && echo "$p"; done; true; }
one_sandbox() { [ "$(sandbox_of | wc -l)" = 1 ]; }
eventually 5 one_sandbox || fail "expected 1 runsc-sandbox of the container, found $(sandbox_of | wc -l)"
sandbox_pid=$(sandbox_of)
[ "$(runsc_of "$sbx" | wc -l)" -ge 2 ] || fail "expected runsc-sandbox and runsc-gofer naming $sbx"
docker rm --force --volumes "$sbx" >/dev/null
eventually 5 none owned "$sbx" || fail "host processes of the removed sandbox remain: $(owned "$sbx")"
sandbox_gone() { ! tr "\0" " " 2>/dev/null < "/proc/$sandbox_pid/cmdline" | grep -q "^runsc-sandbox "; }
eventually 5 sandbox_gone || fail "runsc-sandbox $sandbox_pid is still there"
eventually 5 none runsc_of "$sbx" || fail "runsc processes of the removed sandbox remain: $(runsc_of "$sbx")"
echo "ok"
