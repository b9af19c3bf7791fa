// The semantic rules, run in this order on every schema-valid scenario (changesets style: each rule
// is a small module with a stable problem code; add one by adding it to this list).
import type { Problem } from '../../errors.js';
import { amplification } from './amplification.js';
import { duplicateCapture } from './captures.js';
import { claims } from './claims.js';
import type { Rule, RuleContext } from './context.js';
import { duplicateStepId } from './duplicate-step-id.js';
import { engineVars } from './engine-vars.js';
import { durations } from './durations.js';
import { bounds, eventuallyAndFor, oneAssertion } from './expectations.js';
import { isolationForOs, isolationRequired } from './isolation.js';
import { captureKinds, expectationKinds } from './kinds.js';
import { optionLikeValues } from './option-like.js';
import { references } from './references.js';
import { regexes } from './regex.js';
import { runOptions } from './run-options.js';
import { stepReferences } from './step-refs.js';

export type { Rule, RuleContext } from './context.js';

export const RULES: readonly Rule[] = [
  duplicateStepId,
  stepReferences,
  runOptions,
  references,
  engineVars,
  optionLikeValues,
  expectationKinds,
  captureKinds,
  oneAssertion,
  eventuallyAndFor,
  bounds,
  durations,
  regexes,
  amplification,
  isolationRequired,
  isolationForOs,
  duplicateCapture,
  claims,
];

export function runRules(ctx: RuleContext, rules: readonly Rule[] = RULES): Problem[] {
  return rules.flatMap((rule) => rule.check(ctx));
}
