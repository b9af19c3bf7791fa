// At run time: whether a step's inputs still exist. A step that depends (plan/dependencies.ts) on
// a step that failed, could not complete or did not run is not run, and says which step and why —
// unless all it takes is that step's process count and the count was taken. A known deviation is
// not a failure: what depends on it runs when what it takes exists.
import type { Dependency } from '../plan/dependencies.js';
import { stepRefName } from '../plan/dependencies.js';
import type { Step } from '../types.js';
import type { ScenarioContext } from './context.js';
import type { StepResult } from './results.js';

const DID = { failed: 'failed', error: 'could not complete', skipped: 'did not run', deviation: 'is a known deviation', passed: 'passed' } as const;

function present(d: Dependency, s: ScenarioContext, steps: readonly Step[]): boolean {
  const id = steps[d.step]?.id ?? `step${d.step + 1}`;
  if (d.takes === 'count') return s.counts.has(id);
  if (d.takes === 'capture') return s.values.has(d.name);
  return s.containers.has(id);
}

/** Why the step cannot run (`depends on step 2 (sbx), which failed`), or undefined when it can. */
export function blockedBy(deps: readonly Dependency[], done: readonly StepResult[], s: ScenarioContext): string | undefined {
  const steps = s.scenario.steps;
  for (const d of deps) {
    const r = done[d.step];
    if (r === undefined || r.status === 'passed') continue;
    if ((r.status === 'deviation' || d.takes === 'count') && present(d, s, steps)) continue;
    const what = d.takes === 'capture' ? ` for \${${d.name}}` : d.takes === 'count' ? ' for its process count' : '';
    const left = r.status === 'deviation' ? ' and left no such value' : '';
    return `depends on ${stepRefName(steps, d.step)}${what}, which ${DID[r.status]}${left}`;
  }
  return undefined;
}
