// Files and folders → every scenario file in them, each validated in turn (synchronous reads are
// faster than the promise API for many small files); one bad file never affects another. The loops
// yield to the event loop every few milliseconds, so a signal handler runs during a long
// validation, and an AbortSignal stops it between files. With a cache, a file whose result is
// cached is not validated again, and the validator (yaml, ajv, the rules) is loaded only for a
// miss; with `threads`, many misses are spread over worker threads.
import type { Problem } from '../errors.js';
import { compareOrdinal, discoverFiles } from '../load/discover.js';
import { readScenarioBytes } from '../load/read.js';
import type { FileResult, ValidationCache } from './cache.js';
import { compareProblems } from './order.js';
import type { LoadedScenario, ValidateOptions } from './text.js';

export { MAX_PROBLEMS_PER_FILE } from './file.js';

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
  /**
   * Spread many files over worker threads (parallel.ts). Files validated by a worker have no
   * entry in `scenarios`: only for callers that need just the problems.
   */
  threads?: boolean;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Discover files (files and folders, recursive *.yaml/*.yml, sorted), load, validate. Never throws for bad input. */
export async function validatePaths(paths: string[], opts: ValidatePathsOptions = {}): Promise<ValidationReport> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, problems } = await discoverFiles(paths, cwd);
  const scenarios: LoadedScenario[] = [];
  const omitted = { errors: 0, warnings: 0 };
  let aborted = opts.signal?.aborted === true;
  let sliceStart = performance.now();
  /** Between files: yield now and then (a signal handler may run), and say whether to stop. */
  const pause = async (): Promise<boolean> => {
    if (performance.now() - sliceStart < SLICE_MS) return false;
    await turn();
    sliceStart = performance.now();
    return opts.signal?.aborted === true;
  };
  const add = (r: FileResult): void => {
    problems.push(...r.problems);
    omitted.errors += r.omitted.errors;
    omitted.warnings += r.omitted.warnings;
  };
  // Cached results first; what is left is validated here, or spread over worker threads. A miss
  // is read again then (its bytes are not kept: a tree of large files would fill the memory), and
  // cached under the bytes that were validated.
  const misses: string[] = [];
  for (const file of aborted ? [] : files) {
    const read = opts.cache ? readScenarioBytes(file) : undefined;
    const hit = read?.bytes ? opts.cache?.get(file, read.bytes) : undefined;
    if (hit) add(hit);
    else misses.push(file);
    if (await pause()) {
      aborted = true;
      break;
    }
  }
  const helpers = opts.threads === true && !aborted ? (await import('./parallel.js')).helpersFor(misses.length) : 0;
  if (helpers > 0) {
    const { validateInParallel } = await import('./parallel.js');
    aborted = await validateInParallel(misses, helpers, opts, add, pause);
  } else if (!aborted && misses.length > 0) {
    const { validateFile } = await import('./file.js');
    for (const file of misses) {
      const r = validateFile(file, opts);
      add(r.result);
      if (r.bytes) opts.cache?.set(file, r.bytes, r.result);
      if (r.scenario) scenarios.push(r.scenario);
      if (await pause()) {
        aborted = true;
        break;
      }
    }
  }
  problems.sort((a, b) => compareOrdinal(a.file, b.file) || compareProblems(a, b));
  if (!aborted) opts.cache?.save();
  return { scenarios, problems, files, omitted, aborted };
}
