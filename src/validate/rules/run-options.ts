// Run options that name something or weaken isolation: `pid: container:<id>` must name an earlier
// run step (its container must exist when this one starts), and `privileged` is allowed but warned
// about: a claim about isolation checked in a privileged container says little about the default.
import type { Problem } from '../../errors.js';
import type { Rule } from './context.js';
import { problem, steps } from './context.js';
import { checkStepRef } from './step-refs.js';

const CONTAINER_PREFIX = 'container:';

export const runOptions: Rule = {
  name: 'run-options',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, index, path } of steps(ctx.scenario)) {
      if (step.kind !== 'run') continue;
      if (step.pid?.startsWith(CONTAINER_PREFIX)) {
        out.push(...checkStepRef(ctx, index, step.pid.slice(CONTAINER_PREFIX.length), [...path, 'pid'], 'pid: container:', 'run'));
      }
      if (step.privileged === true) {
        out.push(problem(ctx, 'privileged', [...path, 'privileged'], 'a privileged container has every capability and device: the claim is checked without most of the isolation it is about; prefer capAdd with the capabilities it needs', { severity: 'warning', key: true }));
      }
    }
    return out;
  },
};
