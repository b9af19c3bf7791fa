// The one seam through which isocheck starts processes (zx-style): everything a scenario can put
// into a command arrives here as an argv array and is never interpreted by a shell. Tests inject
// their own Spawn; the real one uses execa. It never throws: failures are data.
import type { ChildProcess } from 'node:child_process';
import { execa } from 'execa';

export interface SpawnRequest {
  argv: readonly string[];
  /** Kill the child's whole process tree after this long. */
  timeoutMs?: number;
  /** Abort (e.g. on SIGINT): the child's process tree is killed. */
  signal?: AbortSignal;
  input?: string;
  env?: Record<string, string>;
}

export interface SpawnResult {
  argv: string[];
  /** null when the process did not exit by itself (not started, killed). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  startedAt: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export type Spawn = (req: SpawnRequest) => Promise<SpawnResult>;

const KILL_GRACE_MS = 1500;

/** Kill a detached child and everything it started. */
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

export const execaSpawn: Spawn = async (req) => {
  const [file, ...args] = req.argv;
  const startedAt = new Date();
  const t0 = performance.now();
  if (file === undefined) throw new TypeError('spawn: empty argv');
  let timedOut = false;
  let aborted = false;
  const sub = execa(file, args, {
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
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
  const kill = (): void => {
    killTree(sub);
    setTimeout(() => killTree(sub, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timer =
    req.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          kill();
        }, req.timeoutMs);
  const onAbort = (): void => {
    aborted = true;
    kill();
  };
  if (req.signal?.aborted) onAbort();
  else req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await sub;
    const notStarted = r.failed && r.exitCode === undefined && !r.isTerminated && !timedOut && !aborted;
    return {
      argv: [...req.argv],
      exitCode: r.exitCode ?? null,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - t0,
      timedOut,
      aborted,
      ...(notStarted ? { spawnError: r.shortMessage ?? r.message } : {}),
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
};
