// The one error the parsers throw: the output of a tool (docker top, runsc ps, ps, PowerShell) is
// not in the shape isocheck knows. It carries the offending line so a report can show it. An
// unparseable table is never read as "no processes": an absence check must not pass on garbage.
import { ExitCode, IsocheckError } from '../errors.js';

export class ParseError extends IsocheckError {
  constructor(
    /** What was being parsed, e.g. "docker top (linux)". */
    readonly format: string,
    /** What is wrong, without the line. */
    readonly reason: string,
    /** The offending line (or the first 200 characters of the text), when there is one. */
    readonly line?: string,
    /** 1-based line number in the text, when known. */
    readonly lineNumber?: number,
  ) {
    super(
      'output-unparseable',
      `${format}: ${reason}${line === undefined ? '' : ` (${lineNumber === undefined ? '' : `line ${lineNumber}: `}${JSON.stringify(line)})`}`,
      ExitCode.environment,
    );
    this.name = 'ParseError';
  }
}
