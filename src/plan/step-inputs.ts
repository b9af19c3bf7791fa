// The fields of a step that name an earlier step (container:, match.container, ownedBy,
// countChange.since, pid: container:<id>). The validator checks them (rules/step-refs.ts) and
// plan/dependencies.ts derives which steps a step depends on from the same list, with the
// ${…} references of validate/rules/context.ts interpolated(): what is validated is what is depended on.
import type { JsonPath } from '../load/locate.js';
import type { Step, StepKind } from '../types.js';
import { pidContainer } from './run-options.js';

/** A field that names another step by id. */
export interface StepRef {
  /** How messages name the field: "container", "match.container", "ownedBy", … */
  field: string;
  id: string;
  path: JsonPath;
  /** The kind the named step must be. */
  want: StepKind;
  /** What the step takes from it: its container, or its selection count (countChange.since). */
  takes: 'container' | 'count';
}

export function stepRefs(step: Step, base: JsonPath): StepRef[] {
  const out: StepRef[] = [];
  const container = (id: string, path: JsonPath, field: string): void => void out.push({ field, id, path, want: 'run', takes: 'container' });
  if ('container' in step) container(step.container, [...base, 'container'], 'container');
  if ((step.kind === 'top' || step.kind === 'host-processes') && step.match?.container !== undefined) container(step.match.container, [...base, 'match', 'container'], 'match.container');
  if (step.kind === 'run') {
    const pid = pidContainer(step);
    if (pid !== undefined) container(pid, [...base, 'pid'], 'pid: container:');
  }
  for (const [i, e] of (step.expect ?? []).entries()) {
    const at: JsonPath = [...base, 'expect', i];
    if ('ownedBy' in e) container(e.ownedBy, [...at, 'ownedBy'], 'ownedBy');
    if ('countChange' in e && (step.kind === 'top' || step.kind === 'host-processes')) {
      out.push({ field: 'countChange.since', id: e.countChange.since, path: [...at, 'countChange', 'since'], want: step.kind, takes: 'count' });
    }
  }
  return out;
}
