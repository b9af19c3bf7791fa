// Which files a list of paths means: files as given (whatever their extension: the user asked for
// them), folders searched recursively for *.yaml / *.yml. Sorted, deduplicated, never throws:
// a missing path or a folder without scenarios is a problem of that path. Nothing here opens a
// file: a FIFO or device named *.yaml is listed, and refused by the reader (load/read.ts).
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.js';
import { SCENARIOS_DIR } from '../paths.js';

export interface Discovery {
  /** Absolute paths of the files to validate, sorted. */
  files: string[];
  problems: Problem[];
}

const SCENARIO_FILE = /\.ya?ml$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** `scenarios` in the working directory when there is one, else the scenarios shipped with isocheck. */
export function defaultScenarioPaths(cwd: string): string[] {
  const local = path.resolve(cwd, 'scenarios');
  return [existsSync(local) ? local : SCENARIOS_DIR];
}

function pathProblem(file: string, code: string, message: string): Problem {
  return { file, line: 1, col: 1, code, severity: 'error', message };
}

async function walk(dir: string, out: string[], seen: Set<string>): Promise<void> {
  const real = await fs.realpath(dir);
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) isDir = (await fs.stat(full).catch(() => undefined))?.isDirectory() ?? false;
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(full, out, seen);
    } else if (SCENARIO_FILE.test(entry.name)) {
      // Whatever it is (a FIFO, a device, a socket, a dangling link): reading it says what is wrong,
      // instead of skipping a file the user meant as a scenario, or hanging on it.
      out.push(full);
    }
  }
}

function errnoProblem(file: string, err: unknown): Problem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return pathProblem(file, 'not-found', 'no such file or directory');
  const detail = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return pathProblem(file, 'read-error', `cannot read: ${detail}`);
}

export async function discoverFiles(paths: readonly string[], cwd: string): Promise<Discovery> {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const given of paths.length > 0 ? paths : defaultScenarioPaths(cwd)) {
    const abs = path.resolve(cwd, given);
    try {
      const st = await fs.stat(abs);
      if (!st.isDirectory()) {
        files.add(abs);
        continue;
      }
      const found: string[] = [];
      await walk(abs, found, new Set());
      if (found.length === 0) problems.push(pathProblem(abs, 'no-scenarios', 'no scenario files in folder (looked for *.yaml and *.yml)'));
      for (const f of found) files.add(f);
    } catch (err) {
      problems.push(errnoProblem(abs, err));
    }
  }
  return { files: [...files].sort(compareOrdinal), problems };
}

/** Plain code-unit order: stable across locales and platforms. */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
