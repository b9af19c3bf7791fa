// What a command module gets to talk to the world with. Commands print; the engine never does.
import type { Spawn } from '../execute/spawn.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How `run` starts processes (default execa); tests replay recorded engine output through it. */
  spawn?: Spawn;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** A command module: lazy-loaded by cli/index.ts, returns the exit code. */
export type CommandMain<O> = (paths: string[], opts: O, io: CliIO) => Promise<number>;
