// Files and folders → every scenario file in them, each validated in turn (synchronous reads are
// faster than the promise API for many small files); one bad file never affects another.
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

/** Discover files (files and folders, recursive *.yaml/*.yml, sorted), load, validate. Never throws for bad input. */
export async function validatePaths(paths: string[], opts: ValidatePathsOptions = {}): Promise<ValidationReport> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, problems } = await discoverFiles(paths, cwd);
  const results = files.map((file) => {
    const read = readScenarioBytes(file);
    return read.bytes === undefined ? { problems: read.problems } : validateText(file, read.bytes, opts);
  });
  const scenarios: LoadedScenario[] = [];
  for (const r of results) {
    problems.push(...r.problems);
    if (r.scenario) scenarios.push(r.scenario);
  }
  problems.sort((a, b) => compareOrdinal(a.file, b.file) || compareProblems(a, b));
  return { scenarios, problems, files };
}
