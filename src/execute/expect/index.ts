// The assertion registry, typed over every assertion key: a new key fails to compile until it
// has an evaluator.
import type { Expectation, ExpectationKey } from '../../types.js';
import { EXPECTATION_KEYS } from '../../format/kinds.js';
import { count, countChange, ownedBy, pid, present } from './processes.js';
import { exitCode, output, stderr } from './text.js';
import type { Evaluator, JudgeEnv, Judgement } from './types.js';
import type { Observation } from '../context.js';

const EVALUATORS: { [K in ExpectationKey]: Evaluator<K> } = { present, count, countChange, pid, ownedBy, output, stderr, exitCode };

export function assertionKey(e: Expectation): ExpectationKey {
  const k = EXPECTATION_KEYS.find((key) => key in e);
  if (k === undefined) throw new Error('expectation without an assertion (the validator should have caught this)');
  return k;
}

export function judge(e: Expectation, obs: Observation, env: JudgeEnv): Judgement {
  const k = assertionKey(e);
  const ev = EVALUATORS[k] as Evaluator<typeof k>;
  return ev((e as Record<ExpectationKey, never>)[k], obs, env);
}

export type { Judgement, JudgeEnv } from './types.js';
