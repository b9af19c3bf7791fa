// The commands a step ran, as a user would type them. Polling (`eventually`, `for`) runs the same
// command many times; reports show it once with how often it ran.
import type { CommandRecord, StepResult } from '../execute/results.js';
import { quoteArgv, userArgv } from './quote.js';

export interface CommandLine {
  /** argv quoted for a POSIX shell, without isocheck's bookkeeping flags (display only). */
  line: string;
  /** Why it ran, when it is not the step's main command (e.g. "view check"). */
  purpose?: string;
  times: number;
  /** The last run of this command. */
  last: CommandRecord;
}

export function commandLines(step: Pick<StepResult, 'commands'>): CommandLine[] {
  const out: CommandLine[] = [];
  for (const c of step.commands) {
    const line = quoteArgv(userArgv(c.argv));
    const same = out.find((o) => o.line === line && o.purpose === c.purpose);
    if (same) {
      same.times += c.runs ?? 1; // a polled command's latest record stands for `runs` runs
      same.last = c;
    } else {
      out.push({ line, ...(c.purpose !== undefined ? { purpose: c.purpose } : {}), times: c.runs ?? 1, last: c });
    }
  }
  return out;
}
