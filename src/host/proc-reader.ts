// One process's /proc files, each read on demand (see proc-files.ts for the errors): the query
// (linux-proc.ts) reads the cheap ones while matching and the rest only for what is used. And which
// PIDs to read: every one in /proc, or a container's from its cgroup.procs (containerPids).
import fs from 'node:fs';
import path from 'node:path';
import { DENIED, GONE, ProcReadError, failure, parseCmdline, parseStat, readBytes, readText } from './proc-files.js';
import type { Fail, Stat } from './proc-files.js';

export class ProcReader {
  private users: Map<number, string> | undefined;

  constructor(
    readonly procRoot: string,
    private readonly passwdFile: string | undefined,
  ) {}

  private file(pid: number, name: string): string {
    return `${this.procRoot}/${pid}/${name}`;
  }

  comm(pid: number): string | Fail {
    const t = readText(this.file(pid, 'comm'));
    return typeof t === 'number' ? t : t.endsWith('\n') ? t.slice(0, -1) : t;
  }

  /** comm, state, ppid, flags and start time in one read. */
  stat(pid: number): Stat | Fail {
    const t = readText(this.file(pid, 'stat'));
    if (typeof t === 'number') return t;
    return parseStat(t) ?? GONE;
  }

  /** The command line's bytes in the shared buffer: valid until the next read. */
  cmdline(pid: number): Buffer | Fail {
    return readBytes(this.file(pid, 'cmdline'));
  }

  argv(pid: number): string[] | Fail {
    const b = this.cmdline(pid);
    return typeof b === 'number' ? b : parseCmdline(b);
  }

  /** The exe link; null when absent (ENOENT: kernel thread, zombie, or gone) or DENIED. */
  exe(pid: number): string | null | Fail {
    // Without a stack: the error is only classified, and a stack made each failed readlink (kernel
    // threads, zombies, processes we may not trace: dozens per scan) cost 30 µs instead of 10.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return fs.readlinkSync(this.file(pid, 'exe'));
    } catch (e) {
      Error.stackTraceLimit = limit; // a ProcReadError keeps its stack
      const f = failure(e);
      return f === GONE ? null : f;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  cgroup(pid: number): string | Fail {
    return readText(this.file(pid, 'cgroup'));
  }

  /** Tgid and effective uid from /proc/<pid>/status. */
  status(pid: number): { tgid: number; euid: number | undefined } | Fail {
    const t = readText(this.file(pid, 'status'));
    if (typeof t === 'number') return t;
    const tgid = /^Tgid:\s*(\d+)/m.exec(t);
    const uid = /^Uid:\s*\d+\s+(\d+)/m.exec(t);
    return { tgid: tgid?.[1] === undefined ? pid : Number(tgid[1]), euid: uid?.[1] === undefined ? undefined : Number(uid[1]) };
  }

  userName(uid: number): string {
    if (this.users === undefined) {
      this.users = new Map();
      if (this.passwdFile !== undefined) {
        try {
          for (const line of fs.readFileSync(this.passwdFile, 'utf8').split('\n')) {
            const f = line.split(':');
            const id = Number(f[2]);
            if (f[0] !== undefined && f[0] !== '' && Number.isInteger(id) && !this.users.has(id)) this.users.set(id, f[0]);
          }
        } catch {
          // no passwd: numeric users
        }
      }
    }
    return this.users.get(uid) ?? String(uid);
  }

  listPids(): number[] {
    const out: number[] = [];
    let names: string[];
    try {
      names = fs.readdirSync(this.procRoot);
    } catch (e) {
      throw new ProcReadError(e);
    }
    for (const n of names) {
      const c = n.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(n);
      if (Number.isSafeInteger(pid)) out.push(pid);
    }
    return out;
  }
}

export { DENIED, GONE };

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
