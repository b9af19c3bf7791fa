// knownDeviation (pytest's xfail): a step whose expectations are known to fail here. Failed as
// known: status `deviation`, not a failure (with --strict: a failure). Passed: an unexpected pass,
// a failure, so the author removes the marker. A step that could not complete (error) is not
// judged: a timeout or a lost engine says nothing about the page's claim.
import type { StepResult } from './results.js';

export function judgeDeviation(result: StepResult, reason: string | undefined, strict: boolean): void {
  if (reason === undefined) return;
  if (result.status === 'failed') {
    result.knownDeviation = { reason, outcome: strict ? 'strict' : 'deviation' };
    if (!strict) result.status = 'deviation';
  } else if (result.status === 'passed') {
    result.knownDeviation = { reason, outcome: 'unexpected-pass' };
    result.status = 'failed';
  }
}

/** The line reports give an unexpected pass or a strict deviation; undefined otherwise. */
export function deviationFailure(step: Pick<StepResult, 'knownDeviation'>): string | undefined {
  const d = step.knownDeviation;
  if (d?.outcome === 'unexpected-pass') return `unexpected pass: the step is marked knownDeviation (${d.reason}) but every expectation passed; remove knownDeviation`;
  if (d?.outcome === 'strict') return `known deviation, a failure under --strict: ${d.reason}`;
  return undefined;
}
