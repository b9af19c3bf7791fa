// Which container owns a process, read from /proc/<pid>/cgroup. Lines are `hierarchy:controllers:path`;
// a container id is a path component that is 64 hex characters, bare or wrapped by the runtime:
//   v1 cgroupfs             9:pids:/docker/<id>                       (recorded on this machine)
//   v1 systemd driver       9:pids:/system.slice/docker-<id>.scope
//   v2 systemd driver       0::/system.slice/docker-<id>.scope
//   v2 cgroupfs driver      0::/docker/<id>
//   containerd CRI          0::/kubepods.slice/.../cri-containerd-<id>.scope, /kubepods/<qos>/pod<uid>/<id>
//   CRI-O, podman           crio-<id>.scope, libpod-<id>.scope
//   nested (docker in docker) /docker/<outer>/docker/<inner>        → the innermost (last) id
// A process in a private cgroup namespace (v2 default inside containers) sees "0::/": no id.
// Sources for each form: test/fixtures/recorded/README.md.

const ID_COMPONENT = /^(?:[a-z][a-z0-9_-]*-)?([0-9a-f]{64})(?:\.scope)?$/;

function scan(text: string): { deepest: string[]; all: string[] } {
  const all: string[] = [];
  let deepest: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const a = line.indexOf(':');
    const b = a === -1 ? -1 : line.indexOf(':', a + 1);
    const path = b === -1 ? line : line.slice(b + 1);
    const found: string[] = [];
    for (const comp of path.split('/')) {
      const m = ID_COMPONENT.exec(comp);
      if (m?.[1] !== undefined) found.push(m[1]);
    }
    if (found.length > deepest.length) deepest = found;
    for (const id of found) if (!all.includes(id)) all.push(id);
  }
  return { deepest, all };
}

/**
 * The full id of the container that owns the process: the last (innermost) id of the deepest
 * cgroup path, or undefined when no path names a container.
 */
export function containerIdFromCgroup(text: string): string | undefined {
  const { deepest } = scan(text);
  return deepest[deepest.length - 1];
}

/**
 * Whether the cgroup paths name the container `id` (full 64-hex id) anywhere: a process of a
 * container nested inside `id` also belongs to `id`.
 */
export function cgroupNamesContainer(text: string, id: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(id) || !text.includes(id)) return false;
  return scan(text).all.includes(id);
}
