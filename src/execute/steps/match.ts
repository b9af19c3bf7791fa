// A step's `match`, interpolated, as a Selector.
import type { ProcessMatch } from '../../types.js';
import { StepInputError } from '../../plan/argv.js';
import type { StepRun } from '../context.js';
import { stepRegex } from '../pattern.js';
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
    // Matched against command lines any local user controls: RE2, values as literal text.
    s.pattern = stepRegex('match.pattern', m.pattern, run.scenario.values);
  }
  if (m.container !== undefined) {
    const c = run.scenario.containers.get(m.container);
    if (c === undefined) throw new StepInputError('no-container', `step "${m.container}" started no container`);
    s.container = c.id;
  }
  return s;
}
