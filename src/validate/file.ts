// One scenario file → its result as validatePaths lists it: read (bounded, regular files only),
// validated, and its problems capped at MAX_PROBLEMS_PER_FILE with one `more-problems` line. Run
// by the main thread and by worker threads alike (worker.ts), so both give the same result.
import type { Problem } from '../errors.js';
import { readScenarioBytes } from '../load/read.js';
import type { FileResult } from './cache.js';
import { validateText } from './text.js';
import type { LoadedScenario, ValidateOptions } from './text.js';

/** Problems listed per file; the rest are counted in one `more-problems` line (30,000 of one typo help nobody). */
export const MAX_PROBLEMS_PER_FILE = 100;

/** The first MAX_PROBLEMS_PER_FILE problems of one file (sorted), and one line saying how many more. */
export function capped(file: string, problems: Problem[]): FileResult {
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

export interface FileOutcome {
  result: FileResult;
  /** The bytes validated (undefined when the file could not be read). */
  bytes?: Uint8Array;
  scenario?: LoadedScenario;
}

/** Read and validate one file. Never throws. */
export function validateFile(file: string, opts: ValidateOptions): FileOutcome {
  const read = readScenarioBytes(file);
  if (read.bytes === undefined) return { result: capped(file, read.problems) };
  const r = validateText(file, read.bytes, opts);
  return { result: capped(file, r.problems), bytes: read.bytes, scenario: r.scenario };
}
