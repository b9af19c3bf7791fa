import type { Expectation, ExpectationKey } from '../../types.js';
import type { Observation, ScenarioContext } from '../context.js';

export interface Judgement {
  passed: boolean;
  /** e.g. "no host process of container sbx (3f2a…) named ping". */
  expected: string;
  /** e.g. "PID 2735 ping 127.0.0.1 (owned by sbx 3f2a…)". */
  found: string;
  /** For a page-block matcher: the page's block as compared (interpolated), for the transcript. */
  page?: string;
}

export interface JudgeEnv {
  ctx: ScenarioContext;
  /** Words for the step's selection, e.g. "host process named ping". */
  subject: string;
  value(text: string): string;
}

/** The value of assertion K in an expectation. */
export type AssertionValue<K extends ExpectationKey> = Extract<Expectation, Record<K, unknown>>[K];

export type Evaluator<K extends ExpectationKey> = (v: AssertionValue<K>, obs: Observation, env: JudgeEnv) => Judgement;
