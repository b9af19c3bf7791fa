// The one seam through which isocheck starts processes (zx-style): everything a scenario can put
// into a command arrives here as an argv array and is never interpreted by a shell. Tests inject
// their own Spawn; the real one uses execa. It never throws: failures are data.
//
// A timeout is a promise: at the timeout the command's process group (and, with a run cgroup, every
// process it started, wherever it went) gets SIGTERM, KILL_GRACE_MS later SIGKILL; if a descendant
// that escaped still holds the output pipes, isocheck stops reading them. The spawn returns at most
// TIMEOUT_GRACE_MS after its timeout, with the output read so far. execa's own timeout and
// forceKillAfterDelay signal the direct child only and still wait for the pipes to close, and its
// maxBuffer fails the command; so execa starts the process and isocheck does the rest.
import type { ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import type { RunCgroup, SpawnGroup } from './cgroup.js';
import { CappedOutput, OUTPUT_CAP_BYTES } from './output-cap.js';
import type { Spawn, SpawnRequest, SpawnResult } from '../model/spawn.js';

export type { Spawn, SpawnRequest, SpawnResult };


/** SIGTERM first; SIGKILL this much later. */
export const KILL_GRACE_MS = 1500;
/** After SIGKILL: how long the pipes may stay open (a descendant isocheck could not kill holds them). */
const DRAIN_MS = 300;
/** After the pipes are closed: how long to wait for the child's exit status before returning without it. */
const SETTLE_MS = 200;
/** A spawn with a timeout returns at most this long after it. */
export const TIMEOUT_GRACE_MS = KILL_GRACE_MS + DRAIN_MS + SETTLE_MS;

/** Kill a detached child and everything in its process group. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      // taskkill /T walks the tree; spawned without a shell.
      void execa('taskkill', ['/PID', String(pid), '/T', '/F'], { reject: false });
    } else {
      process.kill(-pid, signal); // negative pid: the whole process group (child is detached)
    }
  } catch {
    // already gone
  }
}

const later = (ms: number, f: () => void): void => void setTimeout(f, ms).unref();

function start(file: string, args: string[], req: SpawnRequest) {
  return execa(file, args, {
    reject: false,
    shell: false,
    stdin: req.input === undefined ? 'ignore' : 'pipe',
    input: req.input,
    env: req.env,
    extendEnv: true,
    // Own process group, so a timeout or interrupt can kill the whole tree, and a Ctrl-C in the
    // terminal reaches isocheck only (it then decides what to kill and what to clean up).
    detached: process.platform !== 'win32',
    windowsHide: true,
    // Output is read here, into a bounded copy: execa's buffer would fail the command at maxBuffer.
    buffer: false,
  });
}

/** A Spawn; with a run cgroup each command gets its own child cgroup, so a timeout reaches escaped descendants too. */
export function createSpawn(opts: { cgroup?: RunCgroup } = {}): Spawn {
  return async (req) => {
    const [file, ...args] = req.argv;
    if (file === undefined) throw new TypeError('spawn: empty argv');
    const startedAt = new Date();
    const t0 = performance.now();
    const base = { argv: [...req.argv], startedAt: startedAt.toISOString() };
    if (req.signal?.aborted) return { ...base, exitCode: null, stdout: '', stderr: '', durationMs: 0, timedOut: false, aborted: true };
    const cap = req.maxOutputBytes ?? OUTPUT_CAP_BYTES;
    const out = new CappedOutput(cap);
    const err = new CappedOutput(cap);
    let group: SpawnGroup | undefined;
    let sub: ReturnType<typeof start>;
    if (opts.cgroup) ({ value: sub, group } = opts.cgroup.spawnInside(() => start(file, args, req)));
    else sub = start(file, args, req);
    sub.stdout?.on('data', (b: Buffer) => out.push(b));
    sub.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    let aborted = false;
    let stopping = false;
    let giveUp: () => void = () => undefined;
    const gaveUp = new Promise<undefined>((resolve) => (giveUp = () => resolve(undefined)));
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      killTree(sub);
      group?.signal('SIGTERM');
      // These run even when the child is gone sooner: a descendant may ignore SIGTERM.
      later(KILL_GRACE_MS, () => {
        killTree(sub, 'SIGKILL');
        void group?.kill();
        later(DRAIN_MS, () => {
          sub.stdout?.destroy();
          sub.stderr?.destroy();
          later(SETTLE_MS, giveUp);
        });
      });
    };
    const timer = req.timeoutMs === undefined ? undefined : setTimeout(() => { timedOut = true; stop(); }, req.timeoutMs);
    const onAbort = (): void => { aborted = true; stop(); };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await Promise.race([sub, gaveUp]);
      const exitCode = r ? r.exitCode ?? null : sub.exitCode;
      const notStarted = r !== undefined && r.failed && r.exitCode === undefined && !r.isTerminated && !timedOut && !aborted;
      const truncated = { ...(out.truncated ? { stdout: out.total } : {}), ...(err.truncated ? { stderr: err.total } : {}) };
      return {
        ...base,
        exitCode,
        stdout: out.text(),
        stderr: err.text(),
        durationMs: performance.now() - t0,
        timedOut,
        aborted,
        ...(notStarted ? { spawnError: r.shortMessage ?? r.message } : {}),
        ...(out.truncated || err.truncated ? { truncated } : {}),
      };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (!stopping) group?.release(); // processes it left behind are the run's final sweep's
    }
  };
}

export const execaSpawn: Spawn = createSpawn();
