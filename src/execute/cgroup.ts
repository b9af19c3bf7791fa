// A per-run cgroup (Linux): isocheck moves itself into `isocheck-<runId>` under its own cgroup, so
// every process a step starts belongs to it, even after setsid or a double fork, which a process
// group cannot follow. Each spawn gets a child cgroup, so a timeout kills exactly that step's
// processes; at the end of the run isocheck moves back out, kills whatever is left and removes the
// cgroups. Where this cannot be done (not Linux, no writable cgroupfs, not allowed to move) open
// returns undefined and the caller falls back to process groups (see README "Timeouts and child
// processes").
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type CgroupMode = 'auto' | 'v1' | 'v2' | 'off';

/** One place in a cgroup hierarchy: cgroup v2, or the v1 `pids` controller (always there, harmless). */
export interface Hierarchy { version: 1 | 2; own: string; mount: string }

/** A child cgroup holding one spawned command and everything it starts. */
export interface SpawnGroup {
  /** Send a signal to every process in it (never to isocheck). */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL everything in it and wait (bounded) until it is empty, then remove it. */
  kill(): Promise<void>;
  /** Remove it if it is empty; what still runs there is left to the run's final sweep. */
  release(): void;
}

export interface RunCgroup {
  readonly dir: string;
  readonly version: 1 | 2;
  /** Call `start`, which must fork synchronously (child_process.spawn does), inside a new child cgroup. */
  spawnInside<T>(start: () => T): { value: T; group?: SpawnGroup };
  /** Move isocheck back, kill every process left in the run's cgroups, remove them. Returns the PIDs killed. */
  dispose(): Promise<number[]>;
}

const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The directory of isocheck's own cgroup in the hierarchy `mode` asks for (v2 preferred in auto). */
export function findHierarchy(mode: CgroupMode): Hierarchy | undefined {
  let mounts: string[];
  let own: string[];
  try {
    mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
    own = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const tries: (1 | 2)[] = mode === 'v1' ? [1] : mode === 'v2' ? [2] : [2, 1];
  for (const version of tries) {
    const line = own.find((l) => (version === 2 ? l.startsWith('0::') : l.split(':')[1]?.split(',').includes('pids')));
    const mount = mounts.map((m) => m.split(' ')).find((f) => {
      const sep = f.indexOf('-');
      const type = f[sep + 1];
      return version === 2 ? type === 'cgroup2' : type === 'cgroup' && (f[sep + 3] ?? '').split(',').includes('pids');
    });
    if (line === undefined || mount === undefined) continue;
    const cgPath = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    const root = unescape(mount[3] ?? '/');
    const point = unescape(mount[4] ?? '');
    // Our cgroup must lie inside what is mounted (a cgroup namespace or a bind mount can hide it).
    if (point === '' || !(cgPath === root || cgPath.startsWith(root === '/' ? '/' : `${root}/`))) continue;
    const dir = path.join(point, cgPath.slice(root === '/' ? 0 : root.length));
    if (fs.existsSync(path.join(dir, 'cgroup.procs'))) return { version, own: dir, mount: point };
  }
  return undefined;
}

export const procsOf = (dir: string): number[] => {
  try {
    return fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter((l) => l !== '').map(Number);
  } catch {
    return [];
  }
};

/** A cgroup and every cgroup below it, deepest first (the order rmdir needs). */
export function subtree(dir: string): string[] {
  let kids: string[];
  try {
    kids = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
  return [...kids.flatMap(subtree), dir];
}

const write = (file: string, text: string): boolean => {
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch {
    return false;
  }
};

const signalAll = (dir: string, sig: NodeJS.Signals, seen: Set<number>): number => {
  let n = 0;
  for (const d of subtree(dir)) {
    for (const pid of procsOf(d)) {
      if (pid === process.pid) continue; // never isocheck itself
      n++;
      seen.add(pid);
      try { process.kill(pid, sig); } catch { /* already gone */ }
    }
  }
  return n;
};

export const removeTree = (dir: string): void => {
  for (const d of subtree(dir)) {
    try { fs.rmdirSync(d); } catch { /* not empty yet or gone */ }
  }
};

/**
 * SIGKILL everything under `dir` (isocheck must not be inside) until it is empty, at most `ms`.
 * No new process can escape meanwhile: v2's cgroup.kill is atomic against forks; on v1, pids.max=0
 * makes every fork inside fail, and the loop repeats until nothing is listed.
 */
async function killTree(dir: string, version: 1 | 2, seen: Set<number>, selfInside = false, ms = 1000): Promise<void> {
  if (version === 1 && !selfInside) write(path.join(dir, 'pids.max'), '0');
  if (version === 2 && !selfInside) {
    for (const d of subtree(dir)) for (const pid of procsOf(d)) seen.add(pid);
    write(path.join(dir, 'cgroup.kill'), '1'); // kernel ≥ 5.14; the loop below covers older ones
  }
  const until = Date.now() + ms;
  while (signalAll(dir, 'SIGKILL', seen) > 0 && Date.now() < until) await sleep(20);
  removeTree(dir);
}

let taken = false;

/** Where a run cgroup goes (made, still empty), or undefined where none can be made. */
function reserve(runId: string, mode: CgroupMode): { h: Hierarchy; dir: string; first: string } | undefined {
  if (process.platform !== 'linux' || mode === 'off' || taken) return undefined;
  const h = findHierarchy(mode);
  if (h === undefined) return undefined;
  const dir = path.join(h.own, `isocheck-${runId}`);
  const first = path.join(dir, 'spawn-1');
  try {
    fs.mkdirSync(dir);
    fs.mkdirSync(first);
  } catch {
    removeTree(dir);
    return undefined; // not root, read-only cgroupfs, or no delegation
  }
  taken = true;
  return { h, dir, first };
}

/**
 * Create the run's cgroup and move isocheck into it. `mode` comes from ISOCHECK_CGROUP (off, v1, v2;
 * default auto). Only one per process: isocheck itself can be in one cgroup only. isocheck goes
 * straight into the cgroup of the first spawn (see spawnInside): one move instead of two.
 */
export function openRunCgroup(runId: string, mode: CgroupMode = 'auto'): RunCgroup | undefined {
  const r = reserve(runId, mode);
  if (r === undefined) return undefined;
  return joined(r, write(path.join(r.first, 'cgroup.procs'), String(process.pid)));
}

/**
 * openRunCgroup with the move done off the event loop: it waits for an RCU grace period (7-30 ms),
 * which `isocheck run` spends validating instead. Nothing may be spawned before it resolves.
 */
export async function openRunCgroupAsync(runId: string, mode: CgroupMode = 'auto'): Promise<RunCgroup | undefined> {
  const r = reserve(runId, mode);
  if (r === undefined) return undefined;
  // A third Ctrl-C meanwhile exits at once: the cgroup must not stay behind.
  const gone = (): void => {
    write(path.join(r.h.own, 'cgroup.procs'), String(process.pid));
    removeTree(r.dir);
  };
  process.on('exit', gone);
  const moved = await fs.promises.writeFile(path.join(r.first, 'cgroup.procs'), String(process.pid)).then(() => true, () => false);
  process.off('exit', gone);
  return joined(r, moved);
}

function joined({ h, dir, first }: { h: Hierarchy; dir: string; first: string }, moved: boolean): RunCgroup | undefined {
  if (!moved) {
    removeTree(dir);
    taken = false;
    return undefined;
  }
  let n = 1;
  let open = true;
  const pid = String(process.pid);
  const back = (): boolean => write(path.join(h.own, 'cgroup.procs'), pid);
  // Moving isocheck to another cgroup waits for an RCU grace period (7-30 ms measured here, on the
  // event loop), so isocheck waits in the next spawn's cgroup already: a spawn forks at once, and
  // isocheck moves on to a new cgroup for the one after while the command runs.
  let next: string | undefined = first;
  const prepare = (): void => {
    const child = path.join(dir, `spawn-${++n}`);
    try {
      fs.mkdirSync(child);
    } catch {
      return;
    }
    if (write(path.join(child, 'cgroup.procs'), pid)) next = child;
    else try { fs.rmdirSync(child); } catch { /* gone */ }
  };
  // A third Ctrl-C exits at once: still move out and kill what is left (the cgroup may stay, empty).
  const onExit = (): void => {
    const out = back();
    if (!(out && h.version === 2 && write(path.join(dir, 'cgroup.kill'), '1'))) signalAll(dir, 'SIGKILL', new Set());
    removeTree(dir);
  };
  process.on('exit', onExit);
  const group: RunCgroup = {
    dir,
    version: h.version,
    spawnInside<T>(start: () => T) {
      let child = next;
      next = undefined;
      if (child === undefined) { // preparing failed last time: make it now
        prepare();
        child = next;
        next = undefined;
      }
      let made = child !== undefined;
      let value: T;
      try {
        value = start();
      } finally {
        // On at once (to the next spawn's cgroup, else the run's): only the process forked by start() stays in the child.
        if (made) prepare();
        if (made && next === undefined && !write(path.join(dir, 'cgroup.procs'), pid)) made = false;
      }
      if (!made || child === undefined) {
        if (child !== undefined) try { fs.rmdirSync(child); } catch { /* isocheck could not leave it: the run sweep handles it */ }
        return { value };
      }
      const mine = child;
      return {
        value,
        group: {
          signal: (sig) => void signalAll(mine, sig, new Set()),
          kill: () => killTree(mine, h.version, new Set()),
          release: () => removeTree(mine),
        },
      };
    },
    async dispose() {
      if (!open) return [];
      open = false;
      const out = back();
      process.off('exit', onExit);
      taken = false;
      const seen = new Set<number>();
      await killTree(dir, h.version, seen, !out);
      return [...seen].filter((p) => p !== process.pid).sort((a, b) => a - b);
    },
  };
  return group;
}

/** ISOCHECK_CGROUP as a mode; anything unknown means auto. */
export function cgroupMode(env: NodeJS.ProcessEnv): CgroupMode {
  const v = env.ISOCHECK_CGROUP?.trim().toLowerCase();
  return v === 'off' || v === '0' || v === 'v1' || v === 'v2' ? (v === '0' ? 'off' : v) : 'auto';
}
