// isocheck validate: check scenario files (YAML, schema, rules) without running anything.
// Problems go to stdout (one `file:line:col: message [code]` each), the summary to stderr, so
// `isocheck validate > problems.txt` keeps just the problems. Exit 2 when there is any error.
// Results are cached by content (validate/cache.ts) unless --no-cache or ISOCHECK_NO_CACHE=1; the
// imports are the cached path's only (the validator itself is loaded on the first cache miss).
import path from 'node:path';
import { ExitCode, formatProblem } from '../../errors.js';
import { jsonText } from '../../format/escape.js';
import { defaultScenarioPaths } from '../../load/discover.js';
import { openCache } from '../../validate/cache.js';
import { displayPath, displayProblem, formatSummary, summarize } from '../../validate/display.js';
import { validatePaths } from '../../validate/paths.js';
import type { CliIO, CommandMain } from '../io.js';
import { parseVars } from '../options.js';

export interface ValidateOptions {
  format: 'text' | 'json';
  var?: string[];
  /** false with --no-cache. */
  cache?: boolean;
}

export const main: CommandMain<ValidateOptions> = async (paths: string[], opts: ValidateOptions, io: CliIO): Promise<number> => {
  const vars = parseVars(opts.var);
  const useCache = opts.cache !== false && !['1', 'true', 'yes'].includes((io.env.ISOCHECK_NO_CACHE ?? '').toLowerCase());
  const given = (paths.length > 0 ? paths : defaultScenarioPaths(io.cwd)).map((p) => path.resolve(io.cwd, p));
  const cache = useCache ? openCache(io.env, given, vars) : undefined;
  const report = await validatePaths(paths, { cwd: io.cwd, vars, cache, keepScenarios: false });
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
