// Files and folders → every scenario file in them, each validated in turn (synchronous reads are
// faster than the promise API for many small files); one bad file never affects another. The loop
// yields to the event loop every few milliseconds, so a signal handler runs during a long
// validation, and an AbortSignal stops it between files. With a cache, a file whose result is
// cached is not validated again, and the validator (yaml, ajv, the rules) is loaded only for a miss.
import type { Problem } from '../errors.js';
import { compareOrdinal, discoverFiles } from '../load/discover.js';
import { readScenarioBytes } from '../load/read.js';
import type { FileResult, ValidationCache } from './cache.js';
import { compareProblems } from './order.js';
import type { LoadedScenario, ValidateOptions, validateText as ValidateText } from './text.js';

/** Problems listed per file; the rest are counted in one `more-problems` line (30,000 of one typo help nobody). */
export const MAX_PROBLEMS_PER_FILE = 100;

/** How long validation runs between two turns of the event loop (signals wait at most about this). */
const SLICE_MS = 25;

export interface ValidationReport {
  /** Scenarios of the files with no error (warnings allowed), in file order. */
  scenarios: LoadedScenario[];
  /** Every problem of every file and path (at most MAX_PROBLEMS_PER_FILE + 1 per file), sorted by file, line and column. */
  problems: Problem[];
  /** Every file looked at (absolute paths, sorted). */
  files: string[];
  /** Problems not listed in `problems` (each file's `more-problems` line stands for its share). */
  omitted: { errors: number; warnings: number };
  /** True when the signal stopped validation early: the report covers only the files before it. */
  aborted: boolean;
}

export interface ValidatePathsOptions extends ValidateOptions {
  /** Base of relative paths (default: process.cwd()). */
  cwd?: string;
  /** Stop between files once aborted (e.g. by SIGINT); the caller then ends without running anything. */
  signal?: AbortSignal;
  /**
   * Results of files validated before (isocheck validate). A file found there has no entry in
   * `scenarios`: only for callers that need just the problems.
   */
  cache?: ValidationCache;
  /** false: do not keep the scenarios (isocheck validate prints problems only; 1,000 kept scenarios are ~8 MB to collect). */
  keepScenarios?: boolean;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The first MAX_PROBLEMS_PER_FILE problems of one file (sorted), and one line saying how many more. */
function capped(file: string, problems: Problem[]): FileResult {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return { problems, omitted: { errors: 0, warnings: 0 } };
  const rest = problems.slice(MAX_PROBLEMS_PER_FILE);
  const errors = rest.filter((p) => p.severity === 'error').length;
  const first = rest[0] ?? { line: 1, col: 1 };
  const counts = [errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '', rest.length > errors ? `${rest.length - errors} warning${rest.length - errors === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  const more: Problem = {
    file, line: first.line, col: first.col, code: 'more-problems', severity: errors > 0 ? 'error' : 'warning',
    message: `… and ${rest.length} more problem${rest.length === 1 ? '' : 's'} in this file from here on (${counts}); only the first ${MAX_PROBLEMS_PER_FILE} are listed`,
  };
  return { problems: [...problems.slice(0, MAX_PROBLEMS_PER_FILE), more], omitted: { errors, warnings: rest.length - errors } };
}

type Validator = typeof ValidateText;

/** Discover files (files and folders, recursive *.yaml/*.yml, sorted), load, validate. Never throws for bad input. */
export async function validatePaths(paths: string[], opts: ValidatePathsOptions = {}): Promise<ValidationReport> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, problems } = await discoverFiles(paths, cwd);
  const scenarios: LoadedScenario[] = [];
  const omitted = { errors: 0, warnings: 0 };
  let aborted = opts.signal?.aborted === true;
  let sliceStart = performance.now();
  let validateText: Validator | undefined;
  for (const file of aborted ? [] : files) {
    const read = readScenarioBytes(file);
    let result = read.bytes === undefined ? capped(file, read.problems) : opts.cache?.get(file, read.bytes);
    if (result === undefined && read.bytes !== undefined) {
      validateText ??= (await import('./text.js')).validateText;
      const r = validateText(file, read.bytes, opts);
      result = capped(file, r.problems);
      opts.cache?.set(file, read.bytes, result);
      if (r.scenario && opts.keepScenarios !== false) scenarios.push(r.scenario);
    }
    problems.push(...(result?.problems ?? []));
    omitted.errors += result?.omitted.errors ?? 0;
    omitted.warnings += result?.omitted.warnings ?? 0;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await turn();
      sliceStart = performance.now();
      if (opts.signal?.aborted === true) {
        aborted = true;
        break;
      }
    }
  }
  problems.sort((a, b) => compareOrdinal(a.file, b.file) || compareProblems(a, b));
  if (!aborted) opts.cache?.save();
  return { scenarios, problems, files, omitted, aborted };
}
