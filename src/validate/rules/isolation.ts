// A run step's isolation mode should be one the scenario requires (requires.isolation), else the
// requirement check cannot skip the scenario on an engine that lacks it. "default" is always there.
// And a mode the required engine OS lacks: a Windows engine has no sandbox (gVisor) mode.
import type { Problem } from '../../errors.js';
import type { Rule } from './context.js';
import { problem, steps } from './context.js';

export const isolationRequired: Rule = {
  name: 'isolation-not-required',
  check(ctx) {
    const required = ctx.scenario.requires?.isolation;
    if (required === undefined) return [];
    const out: Problem[] = [];
    for (const { step, path } of steps(ctx.scenario)) {
      if (step.kind !== 'run' || step.isolation === undefined || step.isolation === 'default') continue;
      if (required.includes(step.isolation)) continue;
      const message = `isolation "${step.isolation}" is not listed in requires.isolation (${required.join(', ') || 'empty'}); add it so engines without it skip the scenario`;
      out.push(problem(ctx, 'isolation-not-required', [...path, 'isolation'], message, { severity: 'warning' }));
    }
    return out;
  },
};

export const isolationForOs: Rule = {
  name: 'isolation-os',
  check(ctx) {
    const req = ctx.scenario.requires;
    if (req?.engine !== 'windows') return [];
    const out: Problem[] = [];
    const message = 'a Windows engine has no sandbox (user-space kernel) isolation, so this would always be skipped; did you mean "hyperv"? (a VM per container)';
    for (const [i, mode] of (req?.isolation ?? []).entries()) {
      if (mode === 'sandbox') out.push(problem(ctx, 'isolation-os', ['requires', 'isolation', i], message, { severity: 'warning' }));
    }
    for (const { step, path } of steps(ctx.scenario)) {
      if (step.kind === 'run' && step.isolation === 'sandbox') out.push(problem(ctx, 'isolation-os', [...path, 'isolation'], message, { severity: 'warning' }));
    }
    return out;
  },
};
