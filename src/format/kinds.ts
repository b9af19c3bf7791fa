// Which expectations and captures make sense on which step kind. Typed over the step union so a
// new kind fails to compile until it says what it supports. Used by the validator's rules and by
// the executor, so the two can never disagree.
import type { CaptureField, ExpectationKey, StepKind } from '../types.js';

export const EXPECTATIONS_BY_KIND: Record<StepKind, readonly ExpectationKey[]> = {
  run: ['exitCode', 'output', 'stderr'],
  top: ['present', 'count', 'countChange', 'pid', 'output'],
  'host-processes': ['present', 'count', 'countChange', 'pid', 'ownedBy', 'output'],
  exec: ['exitCode', 'output', 'stderr'],
  command: ['exitCode', 'output', 'stderr'],
  remove: ['exitCode', 'output', 'stderr'],
};

export const CAPTURES_BY_KIND: Record<StepKind, readonly CaptureField[]> = {
  run: ['id', 'name', 'stdout', 'exitCode'],
  top: ['pid', 'pids', 'count', 'stdout'],
  'host-processes': ['pid', 'pids', 'count', 'stdout'],
  exec: ['stdout', 'exitCode'],
  command: ['stdout', 'exitCode'],
  remove: ['exitCode'],
};

/** Which keys of an expectation are assertions (exactly one per expectation). */
export const EXPECTATION_KEYS: readonly ExpectationKey[] = [
  'present', 'count', 'countChange', 'pid', 'ownedBy', 'output', 'stderr', 'exitCode',
];
