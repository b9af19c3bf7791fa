// Runs planned scenarios, `jobs` at a time, and returns the RunResult. Emits events for reporters;
// never prints, never exits. On abort (SIGINT/SIGTERM from the CLI) it starts nothing new, lets each
// scenario clean up, then sweeps the run's label once more for anything an interrupted call created.
import { LABEL } from '../plan/argv.js';
import { listContainers, removeContainers } from './cleanup.js';
import type { RunOptions } from './context.js';
import type { ScenarioRef } from './events.js';
import { prePull } from './pull.js';
import { REPORT_VERSION, type EnvironmentFingerprint, type RunResult, type ScenarioResult } from './results.js';
import { runScenario, stepTitle, type ScenarioInput } from './scenario.js';

export interface RunAllOptions extends RunOptions {
  jobs: number;
  environment: EnvironmentFingerprint;
}

export function newRunId(): string {
  const t = Date.now().toString(36);
  const r = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${t}${r}`;
}

export function totals(scenarios: readonly ScenarioResult[]): RunResult['totals'] {
  return {
    passed: scenarios.filter((s) => s.status === 'passed').length,
    failed: scenarios.filter((s) => s.status === 'failed' || s.status === 'error' || s.status === 'interrupted').length,
    skipped: scenarios.filter((s) => s.status === 'skipped').length,
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
      results[i] = o.signal.aborted ? notRun(input, 'interrupted before it started') : await pulls.run(input, runScenario);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, inputs.length)) }, () => worker()));
  o.signal.removeEventListener('abort', onAbort);
  const scenarios = results.filter((r): r is ScenarioResult => r !== undefined);
  // Belt and braces after an interrupt or a failed cleanup: whatever still carries this run's label goes.
  const unsure = o.signal.aborted || scenarios.some((s) => s.cleanup.errors.length > 0);
  if (unsure) {
    try {
      const left = await listContainers(o.spawn, o.docker, `${LABEL.run}=${o.runId}`);
      if (left.length > 0) await removeContainers(o.spawn, o.docker, left.map((c) => c.id));
    } catch {
      // the engine went away; per-scenario cleanup already reported what it could not remove
    }
  }
  const t = totals(scenarios);
  const status: RunResult['status'] = o.signal.aborted ? 'interrupted' : t.failed > 0 ? 'failed' : 'passed';
  const reason = o.signal.reason as unknown;
  const result: RunResult = {
    reportVersion: REPORT_VERSION, runId: o.runId, startedAt: new Date(t0).toISOString(), durationMs: Date.now() - t0, status,
    ...(o.signal.aborted ? { interruptedBy: typeof reason === 'string' ? reason : 'signal' } : {}),
    environment: o.environment, scenarios, totals: t,
  };
  o.emit({ type: 'run:end', result });
  return result;
}

function notRun(input: ScenarioInput, why: string): ScenarioResult {
  const s = input.scenario;
  return {
    file: input.file, name: s.name, description: s.description, ...(s.source ? { source: s.source } : {}), tags: s.tags ?? [],
    status: 'interrupted', skipReason: why, startedAt: new Date().toISOString(), durationMs: 0, steps: [], containers: [], cleanup: { removed: [], errors: [] },
  };
}
