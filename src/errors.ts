// Exit codes and the error type the CLI's single error boundary understands. Step failures are
// data (see execute/results.ts), not errors; these are for input, usage and environment.

export const ExitCode = {
  ok: 0,
  failed: 1,
  invalid: 2,
  environment: 3,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in an input file a problem is. Lines and columns are 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** One problem found in input. `code` is stable (documented in README) so tools can filter on it. */
export interface Problem extends Position {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** JSON pointer of the offending node, when there is one. */
  path?: string;
}

export class IsocheckError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly position?: Position,
  ) {
    super(message);
    this.name = 'IsocheckError';
  }
}

/** The engine or the docker CLI cannot be used at all. */
export class EnvironmentError extends IsocheckError {
  constructor(code: string, message: string) {
    super(code, message, ExitCode.environment);
  }
}

/** Bad command-line usage or input that is not a scenario problem. */
export class UsageError extends IsocheckError {
  constructor(code: string, message: string) {
    super(code, message, ExitCode.invalid);
  }
}

import { oneLine } from './format/escape.js';

/**
 * One line per problem. Messages quote keys and values from the file; their control characters are
 * shown escaped (\n, \x1b), so a file can neither split a line nor send escape sequences to a terminal.
 */
export function formatProblem(p: Problem): string {
  return `${oneLine(p.file)}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${oneLine(p.message)} [${p.code}]`;
}

// The one escaping helper (format/escape.ts), re-exported for the modules that import it from here.
export { oneLine } from './format/escape.js';
