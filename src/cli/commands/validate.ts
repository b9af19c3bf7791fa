// isocheck validate: check scenario files (YAML, schema, rules) without running anything.
// Problems go to stdout (one `file:line:col: message [code]` each), the summary to stderr, so
// `isocheck validate > problems.txt` keeps just the problems. Exit 2 when there is any error.
import { ExitCode, formatProblem } from '../../errors.js';
import { jsonText } from '../../format/escape.js';
import { displayPath, displayProblem, formatSummary, summarize, validatePaths } from '../../validate/index.js';
import type { CliIO, CommandMain } from '../io.js';
import { parseVars } from '../options.js';

export interface ValidateOptions {
  format: 'text' | 'json';
  var?: string[];
}

export const main: CommandMain<ValidateOptions> = async (paths: string[], opts: ValidateOptions, io: CliIO): Promise<number> => {
  const vars = parseVars(opts.var);
  const report = await validatePaths(paths, { cwd: io.cwd, vars });
  const problems = report.problems.map((p) => displayProblem(p, io.cwd));
  const summary = summarize(report);
  const failed = summary.errors > 0;
  if (opts.format === 'json') {
    const files = report.files.map((f) => displayPath(f, io.cwd));
    io.stdout.write(`${jsonText({ files, valid: !failed, summary, problems })}\n`);
  } else {
    for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
    io.stderr.write(`${formatSummary(summary)}\n`);
  }
  return failed ? ExitCode.invalid : ExitCode.ok;
};
