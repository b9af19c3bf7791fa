#!/usr/bin/env bash
# Provision what isocheck's Linux scenarios and end-to-end tests need, on Debian/Ubuntu as root:
# Docker Engine (docker.io), gVisor (runsc) registered as a runtime, busybox-static, and the local
# image isocheck/busybox:local; then the other engines the e2e tests use: a second Docker Engine in
# its own namespaces (provision-second-engine.sh) and rootful Podman (provision-podman.sh).
# Idempotent: safe to run again; it says what it does and skips what is already there. Exits non-zero, saying what to install, where it cannot provision.
set -euo pipefail

IMAGE="${ISOCHECK_IMAGE:-isocheck/busybox:local}"
DAEMON_JSON=/etc/docker/daemon.json
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'provision: %s\n' "$*"; }
die() { printf 'provision: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  die "must run as root to install packages and start dockerd. Install docker.io, runsc and busybox-static (apt-get install docker.io runsc busybox-static), register runsc in $DAEMON_JSON, then run: sudo $0"
fi
command -v apt-get >/dev/null || die "no apt-get: install Docker Engine, gVisor (runsc) and a static busybox by hand, register runsc with the engine (see README), then re-run"

# 1. Packages -------------------------------------------------------------------------------------
need=()
[ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ] || need+=(docker.io)
[ -x /usr/bin/runsc ] || need+=(runsc)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}" >/dev/null
else
  say "packages present: docker.io, runsc, busybox-static"
fi
DOCKERD="$(command -v dockerd || echo /usr/sbin/dockerd)"
# The engine's own CLI (from docker.io) is preferred if another docker CLI shadows it on PATH.
DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker

# 2. Register runsc with the engine, merging with what daemon.json already holds ------------------
mkdir -p /etc/docker
[ -s "$DAEMON_JSON" ] || echo '{}' > "$DAEMON_JSON"
changed="$(node - "$DAEMON_JSON" <<'NODE'
const fs = require('node:fs');
const file = process.argv[2];
let cfg;
try { cfg = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.error(`provision: ${file} is not valid JSON: ${e.message}`); process.exit(2); }
const want = { path: '/usr/bin/runsc', runtimeArgs: ['--network=none', '--net-raw'] };
cfg.runtimes ??= {};
const have = cfg.runtimes.runsc;
if (JSON.stringify(have) === JSON.stringify(want)) { process.stdout.write('no'); process.exit(0); }
cfg.runtimes.runsc = want;
const tmp = `${file}.isocheck-tmp`;
fs.writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n');
fs.renameSync(tmp, file);
process.stdout.write('yes');
NODE
)"
if [ "$changed" = yes ]; then say "registered runsc in $DAEMON_JSON (runtimeArgs --network=none --net-raw)"; else say "runsc already registered in $DAEMON_JSON"; fi

# 3. Start the engine if none answers; reload it if the runtime was just added ---------------------
# Whether PID is a live process named COMM: not gone, not a zombie (a killed daemon whose parent
# does not reap it stays listed, with its name, until its parent does).
live_as() {
  local pid="$1" comm="$2" state
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] || return 1
  state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || echo X)"
  [ "$state" != Z ] && [ "$state" != X ]
}
# Remove PIDFILE unless the PID in it is a live process named COMM. One still exiting (killed a
# moment ago) gets 10 s to go.
drop_stale_pidfile() {
  local file="$1" comm="$2" pid
  [ -f "$file" ] || return 0
  pid="$(tr -dc '0-9' <"$file")"
  for _ in $(seq 1 20); do live_as "$pid" "$comm" || break; sleep 0.5; done
  if live_as "$pid" "$comm"; then
    say "$file names PID $pid, a running $comm that does not answer; dockerd will refuse to start beside it"
    return 0
  fi
  say "removing stale $file (PID '${pid}' is not a running $comm)"
  rm -f "$file"
}
engine_up() { timeout 5 "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if engine_up; then
  if [ "$changed" = yes ]; then
    say "reloading dockerd (SIGHUP) to pick up the runtime"
    pkill -HUP -x dockerd || true
    sleep 1
  fi
else
  say "no engine answers; starting dockerd (log: /var/log/isocheck-dockerd.log)"
  # containerd may be left from an earlier dockerd; dockerd starts its own when none runs. A pidfile
  # left by processes that are gone (the machine's processes were stopped, /run was kept) may name a
  # PID now taken by something else: dockerd would then wait for "its" containerd, or refuse to start.
  drop_stale_pidfile /var/run/docker.pid dockerd
  drop_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
  nohup "$DOCKERD" >/var/log/isocheck-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
  engine_up || { tail -n 20 /var/log/isocheck-dockerd.log >&2; die "dockerd did not come up within 30 s"; }
fi
if ! "$DOCKER" info --format '{{json .Runtimes}}' | grep -q '"runsc"'; then
  die "the engine does not list runsc after reload; check $DAEMON_JSON and /var/log/isocheck-dockerd.log"
fi
say "engine $("$DOCKER" version --format '{{.Server.Version}}') up; runtimes: $("$DOCKER" info --format '{{range $k, $v := .Runtimes}}{{$k}} {{end}}')"

# 4. The local image ------------------------------------------------------------------------------
if "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image $IMAGE present"
else
  say "building $IMAGE from scripts/image (FROM scratch + static busybox)"
  # shellcheck source=build-image-context.sh
  . "$HERE/build-image-context.sh"
  ctx="$(isocheck_image_context)"
  trap 'rm -rf "$ctx"' EXIT
  DOCKER_BUILDKIT=0 "$DOCKER" build -q -t "$IMAGE" "$ctx" >/dev/null 2>&1 || "$DOCKER" build -t "$IMAGE" "$ctx"
fi

# 5. Smoke: both runtimes start a container -------------------------------------------------------
for rt in runc runsc; do
  if ! out="$("$DOCKER" run --rm --runtime="$rt" "$IMAGE" true 2>&1)"; then
    die "a container does not start with runtime $rt: $out"
  fi
done
say "ready: runc and runsc start containers from $IMAGE"

# 6. The other engines the e2e tests use ----------------------------------------------------------
say "next: a second Docker Engine in its own namespaces (scripts/provision-second-engine.sh)"
bash "$HERE/provision-second-engine.sh"
say "next: rootful Podman with runsc and the same image (scripts/provision-podman.sh)"
bash "$HERE/provision-podman.sh"
