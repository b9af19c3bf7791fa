// The spawn seam's contract (zx-style): everything isocheck starts goes through one function that
// takes an argv array and never throws. The real one is execute/spawn.ts (execa); engine/, host/ and
// plan/ depend only on this contract, tests inject their own.

export interface SpawnRequest {
  argv: readonly string[];
  /** Kill the child's whole process tree after this long. */
  timeoutMs?: number;
  /** Abort (e.g. on SIGINT): the child's process tree is killed. */
  signal?: AbortSignal;
  input?: string;
  env?: Record<string, string>;
  /** Bytes kept of each of stdout and stderr (default OUTPUT_CAP_BYTES); the rest is read and dropped. */
  maxOutputBytes?: number;
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
  /**
   * Set when a stream was longer than isocheck's cap: the bytes the command wrote on it in total.
   * Then stdout/stderr hold the first and the last half of the cap. This is isocheck's limit, not a
   * failure of the command (see output-cap.ts truncationNote).
   */
  truncated?: { stdout?: number; stderr?: number };
}

export type Spawn = (req: SpawnRequest) => Promise<SpawnResult>;
