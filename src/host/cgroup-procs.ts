// Which PIDs a container's cgroup holds, from cgroup.procs: a container query reads only those
// processes instead of every process's /proc/<pid>/cgroup.
import fs from 'node:fs';
import path from 'node:path';
import { readText } from './proc-files.js';

const V1_CONTROLLERS = ['pids', 'memory', 'systemd', 'cpu,cpuacct', 'cpuacct', 'cpu', 'devices', 'freezer', 'blkio', 'cpuset'];

function readProcsTree(dir: string, out: Set<number>, depth: number): boolean {
  const t = readText(path.join(dir, 'cgroup.procs'));
  if (typeof t === 'number') return false;
  for (const line of t.split('\n')) {
    const pid = Number(line);
    if (line !== '' && Number.isSafeInteger(pid)) out.add(pid);
  }
  if (depth > 0) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      entries = [];
    }
    for (const e of entries) if (e.isDirectory()) readProcsTree(path.join(dir, e.name), out, depth - 1);
  }
  return true;
}

/**
 * PIDs in a container's cgroup (and its sub-cgroups), from cgroup.procs: cgroup v2 (cgroupfs driver
 * `docker/<id>`, systemd driver `system.slice/docker-<id>.scope`), v1 (the same under a controller:
 * pids, memory, ...), hybrid (`unified/...`). undefined when no such cgroup is found, e.g. a custom
 * --cgroup-parent, another engine, or an id that is not a full 64-hex id.
 */
export function containerPids(containerId: string, opts: { cgroupRoot?: string } = {}): number[] | undefined {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return undefined;
  const root = opts.cgroupRoot ?? '/sys/fs/cgroup';
  const leaf = [`docker/${containerId}`, `system.slice/docker-${containerId}.scope`];
  const rels = [...leaf, ...V1_CONTROLLERS.flatMap((c) => leaf.map((l) => `${c}/${l}`)), ...leaf.map((l) => `unified/${l}`)];
  for (const rel of rels) {
    const out = new Set<number>();
    if (readProcsTree(path.join(root, rel), out, 8)) return [...out].sort((a, b) => a - b);
  }
  return undefined;
}
