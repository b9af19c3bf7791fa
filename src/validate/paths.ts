// Files and folders → every scenario file in them, each validated. Reads a few files at a time;
// validation itself is synchronous and per file, so one bad file never affects another.
import type { Problem } from '../errors.js';
import { compareOrdinal, discoverFiles } from '../load/discover.js';
import { readScenarioBytes } from '../load/read.js';
import { compareProblems, validateText } from './text.js';
import type { LoadedScenario, ValidateOptions } from './text.js';

export interface ValidationReport {
  /** Scenarios of the files with no error (warnings allowed), in file order. */
  scenarios: LoadedScenario[];
  /** Every problem of every file and path, sorted by file, line and column. */
  problems: Problem[];
  /** Every file looked at (absolute paths, sorted). */
  files: string[];
}

export interface ValidatePathsOptions extends ValidateOptions {
  /** Base of relative paths (default: process.cwd()). */
  cwd?: string;
}

const READ_CONCURRENCY = 32;

/** Discover files (files and folders, recursive *.yaml/*.yml, sorted), load, validate. Never throws for bad input. */
export async function validatePaths(paths: string[], opts: ValidatePathsOptions = {}): Promise<ValidationReport> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, problems } = await discoverFiles(paths, cwd);
  const results = new Array<{ scenario?: LoadedScenario; problems: Problem[] }>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] ?? '';
      const read = await readScenarioBytes(file);
      results[i] = read.bytes === undefined ? { problems: read.problems } : validateText(file, read.bytes, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  const scenarios: LoadedScenario[] = [];
  for (const r of results) {
    problems.push(...r.problems);
    if (r.scenario) scenarios.push(r.scenario);
  }
  problems.sort((a, b) => compareOrdinal(a.file, b.file) || compareProblems(a, b));
  return { scenarios, problems, files };
}
