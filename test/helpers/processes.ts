// Looking at real processes by PID (never by name: other tests and people run sleeps too).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a process still runs. A killed process may stay a zombie (state Z in /proc/<pid>/stat)
 * until its parent reaps it; on some machines init reaps orphans lazily. A zombie runs nothing, so
 * it counts as gone.
 */
export function alive(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Wait until every PID is gone, at most `ms`; returns those still alive. */
export async function goneWithin(pids: readonly number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() >= until) return left;
    await sleep(25);
  }
}

/** The PIDs written to `file`, one per line (none when it does not exist). */
export function pidsOf(file: string): number[] {
  return (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').split('\n').filter((l) => l.trim() !== '').map(Number);
}

/** Wait until `file` holds at least `n` PIDs. */
export async function pidsIn(file: string, n: number, ms = 4000): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const pids = pidsOf(file);
    if (pids.length >= n) return pids;
    if (Date.now() >= until) assert.fail(`${file} did not get ${n} PIDs (has ${pids.length})`);
    await sleep(20);
  }
}

/** SIGKILL leftovers of a test by PID (a safety net: the assertions say whether there were any). */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    if (!(pid > 1) || pid === process.pid) continue; // 0 or -1 would signal whole groups
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
