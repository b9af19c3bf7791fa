// Fields that name another step must name an EARLIER step of the right kind: container:,
// match.container, ownedBy and pid: container:<id> a run step; countChange.since a step of the
// same kind. Which fields those are is plan/step-inputs.ts (dependencies use the same list).
import type { Problem } from '../../errors.js';
import type { JsonPath } from '../../load/locate.js';
import { stepRefs } from '../../plan/step-inputs.js';
import type { Step, StepKind } from '../../types.js';
import { suggestion } from '../did-you-mean.js';
import type { Rule, RuleContext } from './context.js';
import { problem, steps } from './context.js';

export function checkStepRef(ctx: RuleContext, index: number, id: string, path: JsonPath, field: string, want: StepKind): Problem[] {
  const all: readonly Step[] = ctx.scenario.steps;
  const j = all.findIndex((s) => s.id === id);
  const candidates = all.slice(0, index).filter((s) => s.kind === want).map((s) => s.id ?? '');
  if (j === -1) return [problem(ctx, 'unknown-step', path, `no step has id "${id}"${suggestion(id, candidates)}; "${field}" must name an earlier ${want} step`)];
  if (j === index) return [problem(ctx, 'unknown-step', path, `"${field}" names this step itself; it must name an earlier ${want} step`)];
  if (j > index) return [problem(ctx, 'unknown-step', path, `step "${id}" comes later (step ${j + 1}); "${field}" must name an earlier ${want} step`)];
  const kind = all[j]?.kind;
  if (kind !== want) return [problem(ctx, 'wrong-step-kind', path, `step "${id}" is a ${kind ?? '?'} step; "${field}" must name a ${want} step`)];
  return [];
}

export const stepReferences: Rule = {
  name: 'unknown-step',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, index, path } of steps(ctx.scenario)) {
      for (const r of stepRefs(step, path)) out.push(...checkStepRef(ctx, index, r.id, r.path, r.field, r.want));
    }
    return out;
  },
};
