// Run options that weaken isolation: `privileged` is allowed but warned about: a claim about
// isolation checked in a privileged container says little about the default. (`pid: container:<id>`
// is checked with the other step references, in rules/step-refs.ts.)
import type { Problem } from '../../errors.js';
import type { Rule } from './context.js';
import { problem, steps } from './context.js';

export const runOptions: Rule = {
  name: 'run-options',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, path } of steps(ctx.scenario)) {
      if (step.kind !== 'run') continue;
      if (step.privileged === true) {
        out.push(problem(ctx, 'privileged', [...path, 'privileged'], 'a privileged container has every capability and device: the claim is checked without most of the isolation it is about; prefer capAdd with the capabilities it needs', { severity: 'warning', key: true }));
      }
    }
    return out;
  },
};
