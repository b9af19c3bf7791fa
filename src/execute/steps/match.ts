// A step's `match`, interpolated, as a Selector.
import { compileRegex } from '../../format/regex.js';
import type { ProcessMatch } from '../../types.js';
import { StepInputError } from '../../plan/argv.js';
import type { StepRun } from '../context.js';
import type { Selector } from '../select.js';

export function matchSelector(m: ProcessMatch | undefined, run: StepRun, _windows: boolean): Selector {
  const s: Selector = {};
  if (m === undefined) return s;
  if (m.name !== undefined) s.name = run.value(m.name);
  if (m.pid !== undefined) {
    const v = run.value(String(m.pid)).trim();
    if (!/^[0-9]+$/.test(v)) throw new StepInputError('bad-pid', `match.pid is "${v}", not a PID`);
    s.pid = Number(v);
  }
  if (m.pattern !== undefined) {
    const src = run.value(m.pattern);
    try {
      s.pattern = compileRegex(src);
    } catch (e) {
      throw new StepInputError('bad-regex', `match.pattern /${src}/: ${(e as Error).message}`);
    }
  }
  if (m.container !== undefined) {
    const c = run.scenario.containers.get(m.container);
    if (c === undefined) throw new StepInputError('no-container', `step "${m.container}" started no container`);
    s.container = c.id;
  }
  return s;
}
