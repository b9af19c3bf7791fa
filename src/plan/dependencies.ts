// Which earlier steps each step depends on, derived statically from the scenario: the steps whose
// container it names (container:, match.container, ownedBy, pid: container:<id>, ${id.id|name|pid}),
// whose count it compares with (countChange.since) and whose captures it uses (${name}). Built from
// the validator's own lists of references (plan/step-inputs.ts, rules/context.ts interpolated), so
// `plan` shows and `run` honours exactly what `validate` checked. With `onFailure: continue` a step
// whose dependency failed or did not run is not run (execute/dependencies.ts).
import { findReferences } from '../format/interpolate.js';
import type { Scenario, Step } from '../types.js';
import { interpolated } from '../validate/rules/context.js';
import { stepRefs } from './step-inputs.js';

export interface Dependency {
  /** Index of the step depended on. */
  step: number;
  /** What is taken from it. */
  takes: 'container' | 'count' | 'capture';
  /** The container's step id, or the captured value's name (`${name}`, `${sbx.pid}`). */
  name: string;
}

/** The dependencies of every step, by step index; each listed once, in the order found. */
export function stepDependencies(scenario: Pick<Scenario, 'steps'>): Dependency[][] {
  const all = scenario.steps;
  const byId = new Map<string, number>();
  all.forEach((s, i) => s.id !== undefined && !byId.has(s.id) && byId.set(s.id, i));
  const capturedAt = new Map<string, number>();
  return all.map((step, i) => {
    const out: Dependency[] = [];
    const add = (d: Dependency): void => {
      if (d.step >= i || out.some((o) => o.step === d.step && o.takes === d.takes && o.name === d.name)) return;
      out.push(d);
    };
    for (const r of stepRefs(step, [])) {
      const j = byId.get(r.id);
      if (j !== undefined) add({ step: j, takes: r.takes, name: r.id });
    }
    for (const { text } of interpolated(step, [])) {
      for (const ref of findReferences(text)) {
        const dot = ref.name.indexOf('.');
        const j = dot > 0 ? byId.get(ref.name.slice(0, dot)) : capturedAt.get(ref.name);
        // ${engine.*} and vars name no step; an unknown or later one is the validator's error.
        if (j !== undefined && (dot < 0 || all[j]?.kind === 'run')) add({ step: j, takes: dot > 0 ? 'container' : 'capture', name: dot > 0 ? ref.name.slice(0, dot) : ref.name });
      }
    }
    for (const name of Object.keys(step.capture ?? {})) if (!capturedAt.has(name)) capturedAt.set(name, i);
    return out;
  });
}

/** "step 2 (sbx)": how reports name a step. */
export function stepRefName(steps: readonly Step[], index: number): string {
  const id = steps[index]?.id;
  return id === undefined ? `step ${index + 1}` : `step ${index + 1} (${id})`;
}

/** `step 1 (sbx): container` — one dependency in a word or two, for `plan`. */
export function describeDependency(steps: readonly Step[], d: Dependency): string {
  const what = d.takes === 'container' ? 'container' : d.takes === 'count' ? 'process count' : `\${${d.name}}`;
  return `${stepRefName(steps, d.step)}: ${what}`;
}
