// isocheck list: scenarios with their names, tags and requirements.
import { ExitCode, formatProblem } from '../../errors.js';
import { jsonText, line } from '../../format/escape.js';
import { displayPath, displayProblem, validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';

export async function main(paths: string[], opts: { format?: 'text' | 'json' }, io: CliIO): Promise<number> {
  const report = await validatePaths(paths, { cwd: io.cwd });
  for (const p of report.problems) io.stderr.write(`${formatProblem(displayProblem(p, io.cwd))}\n`);
  const rows = report.scenarios.map((l) => ({ file: displayPath(l.file, io.cwd), name: l.scenario.name, tags: l.scenario.tags ?? [], requires: l.scenario.requires ?? {}, steps: l.scenario.steps.length }));
  if (opts.format === 'json') io.stdout.write(`${jsonText(rows)}\n`);
  else {
    for (const r of rows) {
      const req = r.requires;
      const needs = [req.host ? `host ${req.host}` : '', req.engine ? `engine ${req.engine}` : '', req.isolation?.length ? `isolation ${req.isolation.join('+')}` : '', req.runtimes?.length ? `runtimes ${req.runtimes.join('+')}` : '', req.root ? 'root' : ''].filter(Boolean);
      // Names, tags and paths are the scenario's: each shown as one escaped line (format/escape.ts).
      io.stdout.write(line`${r.file}
  ${r.name}
  tags: ${r.tags.join(', ') || '-'}   steps: ${r.steps}   requires: ${needs.join(', ') || 'nothing'}
`);
    }
  }
  return report.problems.some((p) => p.severity === 'error') ? ExitCode.invalid : ExitCode.ok;
}
