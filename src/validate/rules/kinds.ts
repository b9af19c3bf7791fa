// Which expectations and captures fit which step kind comes from format/kinds.ts, shared with the
// executor, so a scenario the validator accepts is one the executor can judge.
import type { Problem } from '../../errors.js';
import { CAPTURES_BY_KIND, EXPECTATIONS_BY_KIND } from '../../format/kinds.js';
import { STEP_KINDS } from '../../types.js';
import type { CaptureField, ExpectationKey } from '../../types.js';
import type { Rule } from './context.js';
import { assertionKeys, expectations, problem, steps } from './context.js';

const fitsExpectation = (key: ExpectationKey) => STEP_KINDS.filter((k) => EXPECTATIONS_BY_KIND[k].includes(key));
const fitsCapture = (field: CaptureField) => STEP_KINDS.filter((k) => CAPTURES_BY_KIND[k].includes(field));

export const expectationKinds: Rule = {
  name: 'expectation-kind',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, e, path } of expectations(ctx.scenario)) {
      for (const key of assertionKeys(e)) {
        if (EXPECTATIONS_BY_KIND[step.kind].includes(key)) continue;
        const message = `"${key}" does not apply to a ${step.kind} step (it applies to: ${fitsExpectation(key).join(', ')})`;
        out.push(problem(ctx, 'expectation-kind', [...path, key], message, { key: true }));
      }
    }
    return out;
  },
};

export const captureKinds: Rule = {
  name: 'capture-kind',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, path } of steps(ctx.scenario)) {
      for (const [name, capture] of Object.entries(step.capture ?? {})) {
        // A regex capture reads the step's output, so it fits where `stdout` does.
        const field: CaptureField = typeof capture === 'string' ? capture : 'stdout';
        if (CAPTURES_BY_KIND[step.kind].includes(field)) continue;
        const what = typeof capture === 'string' ? `capture "${capture}"` : 'a regex capture (it reads the output)';
        const message = `${what} does not apply to a ${step.kind} step (it applies to: ${fitsCapture(field).join(', ')})`;
        out.push(problem(ctx, 'capture-kind', [...path, 'capture', name], message));
      }
    }
    return out;
  },
};
