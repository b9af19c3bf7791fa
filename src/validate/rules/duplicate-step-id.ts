// Step ids name containers and baselines for later steps, so each may be used once.
import type { Rule } from './context.js';
import { problem } from './context.js';

export const duplicateStepId: Rule = {
  name: 'duplicate-step-id',
  check(ctx) {
    const first = new Map<string, number>();
    return ctx.scenario.steps.flatMap((step, index) => {
      if (step.id === undefined) return [];
      const earlier = first.get(step.id);
      if (earlier === undefined) {
        first.set(step.id, index);
        return [];
      }
      return [problem(ctx, 'duplicate-step-id', ['steps', index, 'id'], `step id "${step.id}" is already used by step ${earlier + 1}`)];
    });
  },
};
