// Runs planned scenarios, `jobs` at a time, and returns the RunResult. Emits events for reporters;
// never prints, never exits. On abort (SIGINT/SIGTERM from the CLI) it starts nothing new, lets each
// scenario clean up, then sweeps the run's label once more for anything an interrupted call created.
import { LABEL } from '../engine/labels.js';
import { listContainers, removeContainers } from './cleanup.js';
import type { RunOptions } from './context.js';
import type { Limiter } from './limiter.js';
import type { ScenarioRef } from './events.js';
import { prePull } from './pull.js';
import { REPORT_VERSION, unstartedScenario, type EnvironmentFingerprint, type RunResult, type ScenarioResult } from './results.js';
import { runScenario, stepTitle, type ScenarioInput } from './scenario.js';

export interface RunAllOptions extends RunOptions {
  jobs: number;
  /** Shared by a fleet's targets: bounds the scenarios running at once over all of them. */
  limiter?: Limiter;
  environment: EnvironmentFingerprint;
}

export { newRunId } from './run-id.js';

export function totals(scenarios: readonly ScenarioResult[]): RunResult['totals'] {
  return {
    passed: scenarios.filter((s) => s.status === 'passed').length,
    failed: scenarios.filter((s) => s.status === 'failed' || s.status === 'error' || s.status === 'interrupted').length,
    skipped: scenarios.filter((s) => s.status === 'skipped').length,
    deviations: scenarios.reduce((n, s) => n + s.steps.filter((st) => st.status === 'deviation').length, 0),
  };
}

export async function runAll(inputs: readonly ScenarioInput[], o: RunAllOptions): Promise<RunResult> {
  const t0 = Date.now();
  const refs: ScenarioRef[] = inputs.map((i) => ({ key: i.file, file: i.file, name: i.scenario.name }));
  const pulls = await prePull(inputs, o); // every image once, before any scenario starts (and before run:start: renderers show it first)
  o.emit({
    type: 'run:start', runId: o.runId, environment: o.environment,
    scenarios: inputs.map((i, n) => ({ ...(refs[n] as ScenarioRef), steps: i.scenario.steps.map((st, k) => ({ index: k, title: stepTitle(st, k), kind: st.kind })) })),
  });
  const onAbort = (): void => o.emit({ type: 'run:interrupt', signal: typeof o.signal.reason === 'string' ? o.signal.reason : 'signal' });
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });
  const results: (ScenarioResult | undefined)[] = new Array(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const input = inputs[i];
      if (input === undefined) return;
      if (o.signal.aborted) {
        results[i] = notRun(input, 'interrupted before it started');
        continue;
      }
      const release = await o.limiter?.acquire();
      try {
        // Interrupted while waiting for a slot: nothing started.
        results[i] = o.signal.aborted ? notRun(input, 'interrupted before it started') : await pulls.run(input, runScenario);
      } catch (e) {
        // A bug in one scenario's run is that scenario's error; the other workers go on.
        results[i] = crashed(input, e);
        o.emit({ type: 'scenario:end', scenario: refs[i] as ScenarioRef, result: results[i] as ScenarioResult });
      } finally {
        release?.();
      }
    }
  };
  // allSettled, not all: a worker that fails (only emit() itself can make it, a reporter bug) must
  // not leave the others running unwatched, and the sweep below must still happen.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(o.jobs, inputs.length)) }, () => worker()));
  o.signal.removeEventListener('abort', onAbort);
  const broken = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  // Belt and braces after an interrupt, an error, a failed cleanup or a crash: whatever still carries this run's label goes.
  const done = results.filter((r): r is ScenarioResult => r !== undefined);
  if (broken !== undefined || o.signal.aborted || done.length < inputs.length || done.some((s) => s.cleanup.errors.length > 0 || s.status === 'error')) await sweep(o);
  if (broken !== undefined) throw broken.reason;
  const scenarios = results.filter((r): r is ScenarioResult => r !== undefined);
  const t = totals(scenarios);
  // The engine going away mid-run is the environment failing, not the claim: decided here, before
  // run:end, so every reporter (terminal and files) shows the same status.
  const engineError = o.signal.aborted ? undefined : engineLost(scenarios, (t) => o.engine.driver.isEngineGone(t));
  const status: RunResult['status'] = o.signal.aborted ? 'interrupted' : engineError !== undefined ? 'environment-error' : t.failed > 0 ? 'failed' : 'passed';
  const reason = o.signal.reason as unknown;
  const result: RunResult = {
    reportVersion: REPORT_VERSION, runId: o.runId, startedAt: new Date(t0).toISOString(), durationMs: Date.now() - t0, status,
    ...(o.signal.aborted ? { interruptedBy: typeof reason === 'string' ? reason : 'signal' } : {}),
    environment: engineError !== undefined ? { ...o.environment, engineError } : o.environment, scenarios, totals: t,
  };
  o.emit({ type: 'run:end', result });
  return result;
}

async function sweep(o: RunAllOptions): Promise<void> {
  try {
    const left = await listContainers(o.spawn, o.engine.driver, `${LABEL.run}=${o.runId}`);
    if (left.length > 0) await removeContainers(o.spawn, o.engine.driver, left.map((c) => c.id));
  } catch {
    // the engine went away; per-scenario cleanup already reported what it could not remove
  }
}

/** A step or cleanup error that says the engine went away mid-run: its first line. */
export function engineLost(scenarios: readonly ScenarioResult[], gone: (text: string) => boolean): string | undefined {
  const ENGINE_GONE = { test: gone };
  for (const s of scenarios) {
    for (const st of s.steps) if (st.error && ENGINE_GONE.test(st.error.message)) return st.error.message.split('\n')[0];
    for (const e of s.cleanup.errors) if (ENGINE_GONE.test(e)) return e.split('\n')[0];
    // A scenario that never started because the pull phase could not reach the engine.
    if (s.status === 'error' && s.skipReason !== undefined && ENGINE_GONE.test(s.skipReason)) return s.skipReason.replace(/^not run: /, '').split('\n')[0];
  }
  return undefined;
}

/** A scenario whose run threw (a bug): status error, code internal, the message kept. */
function crashed(input: ScenarioInput, e: unknown): ScenarioResult {
  const message = e instanceof Error ? e.message : String(e);
  const r = notRun(input, '');
  delete r.skipReason;
  const note = `not run: isocheck failed on this scenario [internal]: ${message}`;
  r.steps = input.scenario.steps.map((st, k) => ({ index: k, ...(st.id ? { id: st.id } : {}), kind: st.kind, title: stepTitle(st, k), status: 'skipped', startedAt: r.startedAt, durationMs: 0, commands: [], output: '', notes: [note], expectations: [], captures: {} }));
  return { ...r, status: 'error', error: { code: 'internal', message } };
}

function notRun(input: ScenarioInput, why: string): ScenarioResult {
  return unstartedScenario(input.file, input.scenario, 'interrupted', why);
}
