// Assertions on a step's process selection: present, count, countChange, pid, ownedBy.
// Absence is judged on the selection, which the step's match already narrows to the container in
// question, so an unrelated host process with the same name never decides it.
import type { CountBounds } from '../../types.js';
import { containerLabel, describeProcesses } from '../describe.js';
import type { Evaluator, Judgement } from './types.js';

function boundsText(b: CountBounds): string {
  const parts: string[] = [];
  if (b.equals !== undefined) parts.push(`exactly ${b.equals}`);
  if (b.atLeast !== undefined) parts.push(`at least ${b.atLeast}`);
  if (b.atMost !== undefined) parts.push(`at most ${b.atMost}`);
  return parts.join(' and ');
}

/** "host process named vmwp" → "host processes named vmwp": the plural goes on "process", never on the name. */
function plural(subject: string): string {
  return subject.replace(/\bprocess\b/, 'processes');
}

export function withinBounds(n: number, b: CountBounds): boolean {
  return (b.equals === undefined || n === b.equals) && (b.atLeast === undefined || n >= b.atLeast) && (b.atMost === undefined || n <= b.atMost);
}

export const present: Evaluator<'present'> = (want, obs, env) => {
  const ps = obs.processes ?? [];
  return {
    passed: want ? ps.length > 0 : ps.length === 0,
    expected: want ? `a ${env.subject}` : `no ${env.subject}`,
    found: describeProcesses(env.ctx, ps),
  };
};

export const count: Evaluator<'count'> = (want, obs, env) => {
  const n = obs.processes?.length ?? 0;
  const b: CountBounds = typeof want === 'number' ? { equals: want } : want;
  const one = b.equals === 1 && b.atLeast === undefined && b.atMost === undefined;
  return { passed: withinBounds(n, b), expected: `${boundsText(b)} ${one ? env.subject : plural(env.subject)}`, found: `${n}: ${describeProcesses(env.ctx, obs.processes ?? [])}` };
};

export const countChange: Evaluator<'countChange'> = (want, obs, env) => {
  const now = obs.processes?.length ?? 0;
  const then = env.ctx.counts.get(want.since);
  if (then === undefined) return { passed: false, expected: `a count change since step ${want.since}`, found: `step ${want.since} did not run` };
  const delta = now - then;
  const sign = (d: number): string => (d > 0 ? `+${d}` : String(d));
  return {
    passed: withinBounds(delta, want),
    expected: `the number of ${plural(env.subject)} to change by ${boundsText(want)} since step ${want.since}`,
    found: `${then} then, ${now} now (${sign(delta)})`,
  };
};

export const pid: Evaluator<'pid'> = (want, obs, env): Judgement => {
  const target = env.value(String(want));
  const ps = obs.processes ?? [];
  return {
    passed: /^[0-9]+$/.test(target) && ps.some((p) => String(p.pid) === target),
    expected: `a ${env.subject} with PID ${target}`,
    found: describeProcesses(env.ctx, ps),
  };
};

export const ownedBy: Evaluator<'ownedBy'> = (stepId, obs, env) => {
  const c = env.ctx.containers.get(stepId);
  const ps = obs.processes ?? [];
  const notOwned = ps.filter((p) => c === undefined || p.container !== c.id);
  return {
    passed: c !== undefined && ps.length > 0 && notOwned.length === 0,
    expected: `every ${env.subject} (at least one) to be owned by container ${containerLabel(env.ctx, stepId)}`,
    found: ps.length === 0 ? 'none' : notOwned.length === 0 ? describeProcesses(env.ctx, ps) : `not owned by it: ${describeProcesses(env.ctx, notOwned)}`,
  };
};
