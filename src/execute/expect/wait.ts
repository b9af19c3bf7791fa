// `eventually` (poll until true, within a time) and `for` (must stay true, sampled). Polling waits
// between looks with a growing, bounded interval: never a busy loop.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../../format/duration.js';
import type { Expectation } from '../../types.js';
import type { Observation } from '../context.js';
import { judge, type JudgeEnv, type Judgement } from './index.js';

export interface WaitOptions {
  signal: AbortSignal;
  /** Epoch ms: the step's deadline bounds every wait. */
  deadline: number;
  pollMinMs: number;
  pollMaxMs: number;
}

export interface TimedJudgement {
  judgement: Judgement;
  /** The last observation taken (later captures read it). */
  obs: Observation;
  attempts: number;
  durationMs: number;
  /** Why waiting stopped early, if it did (step timeout, interrupt, step not repeatable). */
  note?: string;
  /** The wait was cut by an abort (interrupt, step or scenario timeout): no verdict on the claim. */
  aborted?: boolean;
}

export async function judgeOverTime(
  e: Expectation,
  first: Observation,
  reobserve: (() => Promise<Observation>) | undefined,
  env: JudgeEnv,
  o: WaitOptions,
): Promise<TimedJudgement> {
  const t0 = Date.now();
  const eventually = e.eventually === undefined ? undefined : parseDuration(e.eventually);
  const hold = e.for === undefined ? undefined : parseDuration(e.for);
  let obs = first;
  let attempts = 1;
  let j = judge(e, obs, env);
  const done = (note?: string): TimedJudgement => ({ judgement: j, obs, attempts, durationMs: Date.now() - t0, ...(note ? { note } : {}) });
  if (eventually === undefined && hold === undefined) return done();
  if (reobserve === undefined) return done('this step cannot be observed again; judged once');
  const until = Math.min(t0 + (eventually ?? hold ?? 0), o.deadline);
  let interval = o.pollMinMs;
  for (;;) {
    if (eventually !== undefined && j.passed) return done();
    if (hold !== undefined && !j.passed) return done(`stopped holding after ${Date.now() - t0}ms`);
    const now = Date.now();
    if (now >= until) {
      if (hold !== undefined && until < t0 + hold) return { ...done(), judgement: { ...j, passed: false, found: `${j.found} (the step timed out before ${e.for} had passed)` } };
      return done();
    }
    try {
      await sleep(Math.min(interval, until - now), undefined, { signal: o.signal });
    } catch {
      return { ...done(), aborted: true, judgement: { ...j, passed: false, found: `${j.found} (interrupted while waiting)` } };
    }
    interval = Math.min(Math.round(interval * 1.5), o.pollMaxMs);
    obs = await reobserve();
    attempts++;
    // Aborted while looking again: what the killed command left is no evidence either way.
    if (o.signal.aborted) return { ...done(), aborted: true, judgement: { ...j, passed: false, found: `${j.found} (interrupted while waiting)` } };
    j = judge(e, obs, env);
  }
}
