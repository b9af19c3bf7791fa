#!/usr/bin/env bash
# A second Docker Engine on this machine, standing in for a remote host in the e2e tests: its own
# PID, mount, network and UTS namespaces (hostname isocheck-e2), data-root, exec-root and socket
# (unix:///run/isocheck-e2/docker.sock, docker context isocheck-e2), runsc registered, no bridge
# (containers run with --network none), the local image loaded from the first engine.
# Run after scripts/provision-engine.sh, as root. Idempotent: says what is there, changes nothing.
set -euo pipefail

NAME=isocheck-e2
RUN="/run/$NAME"
HOST="unix://$RUN/docker.sock"
CONF="/etc/$NAME/daemon.json"
DATA="/var/lib/$NAME"
LOG="/var/log/$NAME-dockerd.log"
IMAGE="${ISOCHECK_IMAGE:-isocheck/busybox:local}"
SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
DOCKERD="$(command -v dockerd || echo /usr/sbin/dockerd)"
say() { printf 'provision-e2: %s\n' "$*"; }
die() { printf 'provision-e2: error: %s\n' "$*" >&2; exit 1; }

# Inside the new namespaces (this script starts itself so below). Name the host; hide any system
# containerd (dockerd would use /run/containerd/containerd.sock if present, so its containers would
# live in the first PID namespace) so it starts its own under exec-root/data-root; run dockerd under
# tini, because PID 1 of a namespace must reap the orphaned shims.
if [ "${1:-}" = --inside ]; then
  hostname "$NAME"
  ip link set lo up 2>/dev/null || true
  mkdir -p /run/containerd
  mount -t tmpfs -o mode=0711 "$NAME-containerd" /run/containerd
  exec /usr/bin/docker-init -- "$DOCKERD" --config-file "$CONF" -H "$HOST" --data-root "$DATA" \
    --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid"
fi

[ "$(id -u)" = 0 ] || die "must run as root (it starts a dockerd)"
for f in "$DOCKERD" /usr/bin/runsc /usr/bin/docker-init /usr/bin/unshare; do
  [ -x "$f" ] || die "$f is missing: run scripts/provision-engine.sh first"
done
DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
e2() { "$DOCKER" -H "$HOST" "$@"; }

# 1. Its configuration (this file is ours alone: written whole) -----------------------------------
# Its own key: the engine ID (docker info .ID) derives from it, and the default /etc/docker/key.json
# would give both engines the same ID.
want='{
  "deprecated-key-path": "/etc/isocheck-e2/key.json",
  "bridge": "none",
  "iptables": false,
  "ip-masq": false,
  "runtimes": {
    "runsc": { "path": "/usr/bin/runsc", "runtimeArgs": ["--network=none", "--net-raw"] }
  }
}'
changed=no
if [ "$(cat "$CONF" 2>/dev/null)" = "$want" ]; then
  say "$CONF present (own key and ID, runsc, no bridge, no iptables)"
else
  mkdir -p "$(dirname "$CONF")"
  printf '%s\n' "$want" >"$CONF.tmp" && mv "$CONF.tmp" "$CONF"
  changed=yes
  say "wrote $CONF (own key and ID, runsc with --network=none --net-raw, no bridge, no iptables)"
fi

# 2. The daemon -----------------------------------------------------------------------------------
# Host PID of this engine's dockerd: a process named dockerd whose argv holds our socket.
daemon_pid() {
  local p
  for p in $(pgrep -x dockerd || true); do
    if tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | grep -qxF -- "$HOST"; then echo "$p"; return 0; fi
  done
  return 1
}
up() { timeout 5 "$DOCKER" -H "$HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
stop_daemon() {
  local pid="$1"
  say "stopping its dockerd (host PID $pid) to apply the new configuration"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do [ -d "/proc/$pid" ] || return 0; sleep 0.5; done
  die "dockerd (host PID $pid) did not stop within 30 s"
}
start_daemon() {
  mkdir -p "$RUN" "$DATA"
  # Stale pidfiles (dockerd's and its containerd's under exec-root) name PIDs of the old namespace,
  # which are taken in the new one: PIDs there start from 1 again, so the old containerd's PID is
  # likely this dockerd's own, dockerd then "finds containerd still running" and waits for it in vain.
  # No engine of ours runs here (checked by the caller), so every pidfile under $RUN is stale.
  find "$RUN" -name '*.pid' -type f -delete 2>/dev/null || true
  say "starting dockerd in its own PID, mount, network and UTS namespaces (log: $LOG)"
  # setsid + nohup + redirections: it outlives this script and holds none of its output pipes;
  # cwd / so it keeps no checkout busy.
  (cd / && exec setsid nohup unshare --pid --fork --mount-proc --mount --net --uts -- bash "$SELF" --inside) \
    </dev/null >>"$LOG" 2>&1 &
  for _ in $(seq 1 60); do up && return 0; sleep 0.5; done
  tail -n 25 "$LOG" >&2
  die "the second dockerd did not answer on $HOST within 30 s (log above: $LOG)"
}

if up; then
  pid="$(daemon_pid)" || die "something answers on $HOST but it is not a dockerd started with that socket"
  if [ "$changed" = yes ]; then stop_daemon "$pid"; start_daemon; else say "dockerd answers on $HOST (host PID $pid)"; fi
elif pid="$(daemon_pid)"; then
  die "its dockerd runs (host PID $pid) but does not answer on $HOST; see $LOG, stop it (kill $pid) and re-run"
else
  start_daemon
fi
pid="$(daemon_pid)" || die "no dockerd with $HOST on this host's process table"
name="$(e2 info --format '{{.Name}}')"
[ "$name" = "$NAME" ] || die "the engine on $HOST is named '$name', not $NAME: it does not run in its own UTS namespace"
for ns in pid net mnt uts; do
  [ "$(readlink "/proc/$pid/ns/$ns")" != "$(readlink "/proc/self/ns/$ns")" ] || die "its dockerd shares this host's $ns namespace"
done
say "its dockerd (host PID $pid) has its own namespaces: $(readlink "/proc/$pid/ns/pid") vs this host's $(readlink /proc/self/ns/pid), and net, mnt, uts likewise"
ctrd="$(pgrep -P "$pid" -x containerd || true)"
[ -n "$ctrd" ] && tr '\0' ' ' <"/proc/$ctrd/cmdline" | grep -qF "$RUN/exec/containerd/" \
  || die "its dockerd has no containerd of its own under $RUN/exec/containerd"
say "it runs its own containerd (host PID $ctrd, socket $RUN/exec/containerd/containerd.sock, root $DATA/containerd)"
e2 info --format '{{json .Runtimes}}' | grep -q '"runsc"' || die "the engine on $HOST does not list runsc; see $CONF and $LOG"
say "engine $NAME $(e2 version --format '{{.Server.Version}}') up; runtimes: $(e2 info --format '{{range $k, $v := .Runtimes}}{{$k}} {{end}}')"

# 3. The docker context ---------------------------------------------------------------------------
if have="$("$DOCKER" context inspect "$NAME" --format '{{.Endpoints.docker.Host}}' 2>/dev/null)"; then
  if [ "$have" = "$HOST" ]; then say "docker context $NAME present ($HOST)"
  else "$DOCKER" context update "$NAME" --docker "host=$HOST" >/dev/null 2>&1; say "docker context $NAME pointed at $HOST (was $have)"; fi
else
  out="$("$DOCKER" context create "$NAME" --description "isocheck: second engine on this machine" --docker "host=$HOST" 2>&1)" \
    || die "docker context create $NAME failed: $out"
  say "created docker context $NAME ($HOST)"
fi

# 4. The local image, copied from the first engine (no registry here) -----------------------------
first="$("$DOCKER" image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null)" || die "the first engine has no $IMAGE: run scripts/provision-engine.sh first"
if [ "$(e2 image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)" = "$first" ]; then
  say "image $IMAGE present"
else
  say "loading $IMAGE from the first engine (docker save | docker load)"
  "$DOCKER" save "$IMAGE" | e2 load -q >/dev/null
fi

# 5. Smoke: both runtimes start a container; its PIDs are not this host's -------------------------
for rt in runc runsc; do
  out="$(e2 run --rm --runtime "$rt" --network none "$IMAGE" true 2>&1)" || die "a container does not start with runtime $rt on $NAME: $out"
done
cid="$(e2 run -d --runtime runc --network none "$IMAGE" sleep 60)"
trap 'e2 rm -f "$cid" >/dev/null 2>&1 || true' EXIT
inner="$(e2 top "$cid" -o pid,comm | awk '$2 == "sleep" { print $1 }')"
hostpid=""
for p in $(pgrep -x sleep || true); do
  # NSpid lists the PID in each nested namespace: host, the engine's, the container's.
  # shellcheck disable=SC2207 # numbers only
  nspid=($(awk '/^NSpid:/ { $1 = ""; print }' "/proc/$p/status" 2>/dev/null || true))
  if [ "${#nspid[@]}" = 3 ] && [ "${nspid[1]}" = "$inner" ]; then hostpid="$p"; fi
done
[ -n "$inner" ] && [ -n "$hostpid" ] && [ "$hostpid" != "$inner" ] \
  || die "could not tell the container's PIDs apart (docker top: '$inner', host: '$hostpid')"
say "another PID namespace: docker top on $NAME lists sleep as PID $inner; on this host it is PID $hostpid ($(cat "/proc/$inner/comm" 2>/dev/null || echo 'no such process') at $inner here)"
e2 rm -f "$cid" >/dev/null
trap - EXIT
say "ready: runc and runsc start containers from $IMAGE on $NAME (DOCKER_HOST=$HOST or --context $NAME)"
