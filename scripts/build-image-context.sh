#!/usr/bin/env bash
# The build context of the local image isocheck/busybox:local, shared by the Docker and Podman
# provisioning so both engines get the same image: scripts/image/Dockerfile plus this host's static
# busybox (Debian package busybox-static), copied into a fresh temporary folder.
# Sourced: `. scripts/build-image-context.sh; ctx="$(isocheck_image_context)"`; the caller removes it.
# Run directly, it prints the folder's path.

isocheck_image_context() {
  local here ctx
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  [ -x /bin/busybox ] || { echo "no /bin/busybox: install busybox-static (scripts/provision-engine.sh does)" >&2; return 1; }
  ctx="$(mktemp -d -t isocheck-image.XXXXXX)"
  cp "$here/image/Dockerfile" "$ctx/"
  cp /bin/busybox "$ctx/busybox"
  printf '%s\n' "$ctx"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  isocheck_image_context
fi
