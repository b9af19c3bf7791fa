// `isocheck clean`'s share of cgroups: a run that was SIGKILLed (or exited on a third Ctrl-C) cannot
// remove its `isocheck-<runId>` cgroup, and each one stays as an empty folder in the hierarchy.
// This finds those run cgroups anywhere in the hierarchy (a run makes its cgroup under whatever
// cgroup it was started from) and removes the ones with no process left in them. A run that is
// still going always has a process inside (isocheck itself waits in its next spawn's cgroup), and
// rmdir refuses a cgroup with processes anyway, so nothing alive is touched.
import fs from 'node:fs';
import path from 'node:path';
import { findHierarchy, procsOf, removeTree, subtree } from './cgroup.js';

/** A run cgroup's name: `isocheck-` and a run id (base-36, see run-id.ts). */
const RUN_CGROUP = /^isocheck-[a-z0-9]{6,32}$/;
/** Bounds of the walk: cgroup trees are shallow, but a host can have many thousands of them. */
const MAX_DEPTH = 8;
const MAX_DIRS = 50_000;
/** A run makes its cgroup, then moves in: one younger than this may be a run starting right now. */
const MIN_AGE_MS = 30_000;

export interface CgroupSweep {
  /** Run cgroups with no process left: removed (or, in a dry run, would be). */
  stale: string[];
  /** Run cgroups that still hold processes, or were made moments ago: left alone. */
  busy: string[];
  /** Stale ones rmdir refused (e.g. a process joined meanwhile). */
  failed: string[];
}

const dirsIn = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
};

const hasProcesses = (dir: string): boolean => subtree(dir).some((d) => procsOf(d).length > 0);

/** Run cgroups in the hierarchy mounted at `mount`, breadth first within the bounds. */
function runCgroups(mount: string): string[] {
  const found: string[] = [];
  let level = [mount];
  let seen = 0;
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0 && seen < MAX_DIRS; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      for (const child of dirsIn(dir)) {
        if (++seen > MAX_DIRS) break;
        // A run cgroup's own children are its spawns: no need to look inside for more runs.
        if (RUN_CGROUP.test(path.basename(child))) found.push(child);
        else next.push(child);
      }
    }
    level = next;
  }
  return found;
}

const ageMs = (dir: string): number => {
  try {
    return Date.now() - fs.statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
};

/** Find (and unless `dryRun`, remove) the run cgroups that runs left behind with nothing in them. */
export function sweepRunCgroups(dryRun: boolean, minAgeMs = MIN_AGE_MS): CgroupSweep {
  const out: CgroupSweep = { stale: [], busy: [], failed: [] };
  if (process.platform !== 'linux') return out;
  const mounts = new Set([findHierarchy('v2')?.mount, findHierarchy('v1')?.mount].filter((m): m is string => m !== undefined && m !== ''));
  for (const mount of mounts) {
    for (const dir of runCgroups(mount)) {
      if (hasProcesses(dir) || ageMs(dir) < minAgeMs) {
        out.busy.push(dir);
        continue;
      }
      out.stale.push(dir);
      if (dryRun) continue;
      removeTree(dir); // rmdir refuses a cgroup something joined meanwhile
      if (fs.existsSync(dir)) out.failed.push(dir);
    }
  }
  return out;
}
