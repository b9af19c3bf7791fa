#!/usr/bin/env bash
# Rootful Podman beside Docker, for isocheck's Podman engine and its e2e tests: Debian's podman,
# configured for this machine kind (drop-in /etc/containers/containers.conf.d/isocheck.conf), runsc
# reachable as `--runtime runsc`, and the same local image isocheck/busybox:local built for Podman.
# Run after scripts/provision-engine.sh, as root. Idempotent: says what is there, changes nothing.
set -euo pipefail

IMAGE="${ISOCHECK_IMAGE:-isocheck/busybox:local}"
CONF=/etc/containers/containers.conf.d/isocheck.conf
WRAPPER=/usr/local/lib/isocheck/runsc-podman
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'provision-podman: %s\n' "$*"; }
die() { printf 'provision-podman: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root: isocheck needs rootful Podman (apt-get install podman, then sudo $0)"
[ -x /usr/bin/runsc ] || die "/usr/bin/runsc is missing: run scripts/provision-engine.sh first"

# 1. The package ----------------------------------------------------------------------------------
if command -v podman >/dev/null; then
  say "podman present ($(podman --version))"
else
  command -v apt-get >/dev/null || die "no podman and no apt-get: install Podman by hand, then re-run"
  say "installing podman with apt-get (large: this takes minutes)"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  apt-get update -q >/dev/null
  apt-get install -y -q podman >/dev/null
  say "installed $(podman --version)"
fi

# Writes a file only when its content differs; says which.
put() {
  local file="$1" mode="$2" what="$3" content="$4"
  if [ -f "$file" ] && [ "$(cat "$file")" = "$content" ]; then say "$file present ($what)"; return 0; fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" >"$file.tmp" && chmod "$mode" "$file.tmp" && mv "$file.tmp" "$file"
  say "wrote $file ($what)"
}

# 2. runsc for Podman: the runtime flags Docker passes through runtimeArgs -------------------------
# Podman adds its own global flags (--root /var/run/runsc, --log…); ours come first.
put "$WRAPPER" 0755 "runsc with --network=none --net-raw" '#!/bin/sh
# isocheck: runsc as Podman'"'"'s "runsc" runtime. Without --network=none a start fails here with
# "cannot run with network enabled in root network namespace"; without --net-raw ping is refused.
exec /usr/bin/runsc --network=none --net-raw "$@"'

# 3. containers.conf drop-in ----------------------------------------------------------------------
# Podman raises nofile and nproc to 1048576 unless told otherwise; raising above the hard limit
# needs CAP_SYS_RESOURCE, which this machine kind lacks ("error setting rlimit type 7"). Podman
# also lowers its own nproc to 32768 first (seen with strace; kernel.pid_max here), so a container's
# nproc must not exceed that either ("rlimit type 6"). nproc does not bind root in a rootful container.
min() { local m="$1" v; shift; for v in "$@"; do [ "$v" -lt "$m" ] && m="$v"; done; echo "$m"; }
hard() { local h; h="$(ulimit -H "$1")"; [ "$h" = unlimited ] && h=1048576; echo "$h"; }
nofile="$(min "$(hard -n)" 1048576)"
nproc="$(min "$(hard -u)" "$(cat /proc/sys/kernel/pid_max)" 32768)"
# Without systemd (PID 1 here is not systemd) Podman must use cgroupfs and log events to a file.
engine_extra=""
if [ ! -d /run/systemd/system ]; then
  engine_extra='cgroup_manager = "cgroupfs"
events_logger = "file"'
  why="no systemd: cgroupfs, events in a file"
else
  why="systemd present: Podman's default cgroup manager"
fi
put "$CONF" 0644 "ulimits nofile=$nofile nproc=$nproc, Docker's default capabilities, runtime runsc, $why" "# Written by isocheck's scripts/provision-podman.sh (rewritten whole when it differs).
[containers]
# Within this host's hard limits: raising above them needs CAP_SYS_RESOURCE, missing here.
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]
# Docker's default set, so scenarios behave alike on both engines (NET_RAW: busybox ping).
default_capabilities = [
  \"AUDIT_WRITE\", \"CHOWN\", \"DAC_OVERRIDE\", \"FOWNER\", \"FSETID\", \"KILL\", \"MKNOD\",
  \"NET_BIND_SERVICE\", \"NET_RAW\", \"SETFCAP\", \"SETGID\", \"SETPCAP\", \"SETUID\", \"SYS_CHROOT\",
]

[engine]
$engine_extra

[engine.runtimes]
runsc = [\"$WRAPPER\"]"

# 4. Rootful, and it reads the drop-in ------------------------------------------------------------
[ "$(podman info --format '{{.Host.Security.Rootless}}')" = false ] || die "podman runs rootless; isocheck needs rootful Podman"
podman info --format '{{json .Host.OCIRuntime.Name}}' >/dev/null || die "podman info fails"
say "podman $(podman version --format '{{.Server.Version}}' 2>/dev/null || podman --version) rootful; default runtime $(podman info --format '{{.Host.OCIRuntime.Name}}'), cgroup manager $(podman info --format '{{.Host.CgroupManager}}')"

# 5. The local image, from the same build context as the Docker one --------------------------------
if podman image exists "$IMAGE"; then
  say "image $IMAGE present"
else
  say "building $IMAGE for Podman from scripts/image (FROM scratch + static busybox)"
  # shellcheck source=build-image-context.sh
  . "$HERE/build-image-context.sh"
  ctx="$(isocheck_image_context)"
  out="$(podman build -q --layers=false -t "$IMAGE" "$ctx" 2>&1)" || { rm -rf "$ctx"; die "podman build failed: $out"; }
  rm -rf "$ctx"
fi

# 6. Smoke: both runtimes ping; `podman top` gives host PIDs --------------------------------------
out="$(podman run --rm "$IMAGE" ping -c1 127.0.0.1 2>&1)" || die "a container does not ping with the default runtime: $out"
out="$(podman run --rm --runtime runsc --network none "$IMAGE" ping -c1 127.0.0.1 2>&1)" || die "a container does not ping with runtime runsc: $out"
cid="$(podman run -d "$IMAGE" sleep 60)"
trap 'podman rm -f -t 0 "$cid" >/dev/null 2>&1 || true' EXIT
hpid="$(podman top "$cid" pid hpid comm args | awk '$3 == "sleep" { print $2 }')"
[ -n "$hpid" ] && [ "$(cat "/proc/$hpid/comm" 2>/dev/null)" = sleep ] \
  || die "podman top did not give the host PID of the container's sleep (got '$hpid')"
say "podman top gives host PIDs: the container's sleep is host PID $hpid"
podman rm -f -t 0 "$cid" >/dev/null
trap - EXIT
say "ready: the default runtime and runsc (--runtime runsc --network none) ping from $IMAGE on Podman"
