// Report paths are checked before anything runs: a typo in --json's folder must not cost a whole
// run (and its containers) only to fail at the end.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';

export function checkReportPaths(paths: readonly (string | undefined)[], cwd: string): void {
  const seen = new Set<string>();
  for (const p of paths) {
    if (p === undefined) continue;
    const abs = path.resolve(cwd, p);
    if (seen.has(abs)) throw new UsageError('bad-report-path', `two reports would be written to ${p}`);
    seen.add(abs);
    const dir = path.dirname(abs);
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      throw new UsageError('bad-report-path', `cannot write report ${p}: folder ${dir} does not exist`);
    }
    if (!st.isDirectory()) throw new UsageError('bad-report-path', `cannot write report ${p}: ${dir} is not a folder`);
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new UsageError('bad-report-path', `cannot write report ${p}: folder ${dir} is not writable`);
    }
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new UsageError('bad-report-path', `cannot write report ${p}: it is a folder`);
  }
}
