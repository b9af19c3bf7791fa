// A variable is captured once: a second capture of the same name is an error (which value would a
// later step mean?), and a capture with the name of a variable hides it from then on (a warning).
import type { Problem } from '../../errors.js';
import type { Rule } from './context.js';
import { problem, stepName, steps } from './context.js';

export const duplicateCapture: Rule = {
  name: 'duplicate-capture',
  check(ctx) {
    const out: Problem[] = [];
    const capturedBy = new Map<string, number>();
    for (const { step, index, path } of steps(ctx.scenario)) {
      for (const name of Object.keys(step.capture ?? {})) {
        const at = [...path, 'capture', name];
        const earlier = capturedBy.get(name);
        if (earlier !== undefined) {
          out.push(problem(ctx, 'duplicate-capture', at, `variable "${name}" is already captured by ${stepName(ctx.scenario.steps, earlier)}; use another name`, { key: true }));
          continue;
        }
        capturedBy.set(name, index);
        if (ctx.vars.has(name)) {
          const from = ctx.overrides.has(name) ? '--var' : 'vars';
          const message = `capture "${name}" shadows the variable of the same name (from ${from}); later steps see the captured value`;
          out.push(problem(ctx, 'duplicate-capture', at, message, { key: true, severity: 'warning' }));
        }
      }
    }
    return out;
  },
};
