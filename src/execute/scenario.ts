// Runs one scenario: its steps in order, each observed, judged and captured; then removes its
// containers, pass or fail. Step failures are data in the result; nothing here prints or exits.
import { stepTitle, type ScenarioInput } from '../model/scenario-input.js';
import { parseDuration } from '../format/duration.js';
import { interpolate, VALUE_LIMITS } from '../format/interpolate.js';
import { stepSizeProblems } from '../validate/rules/amplification.js';
import { StepInputError } from '../plan/argv.js';
import { resolveVars } from '../plan/engine-vars.js';
import type { Expectation, Scenario, Step } from '../types.js';
import { cleanupScenario } from './cleanup.js';
import type { Observation, RunOptions, ScenarioContext, StepRun } from './context.js';
import { describeSelection } from './describe.js';
import type { ScenarioRef } from './events.js';
import { assertionKey } from './expect/index.js';
import { judgeOverTime } from './expect/wait.js';
import { takeCaptures } from './capture.js';
import { IsocheckError } from '../errors.js';
import { bound, commandRecord, keepRecord, truncationNotes } from './bounded.js';
import type { CommandRecord, ExpectationResult, ScenarioResult, StepResult } from './results.js';
import { STEP_HANDLERS } from './steps/index.js';
import { resolveClaim } from '../format/claim.js';
import { stepDependencies } from '../plan/dependencies.js';
import { blockedBy } from './dependencies.js';
import { judgeDeviation } from './deviation.js';
import { StepCommandError, type StepHandler } from './steps/types.js';
import { redactorOf } from '../report/redact.js';

const DEFAULT_STEP_TIMEOUT_MS = 30_000;
const DEFAULT_SCENARIO_TIMEOUT_MS = 10 * 60_000;



/** --timeout first (it overrides a step's own `timeout` and the scenario's `stepTimeout`), then the step's, then the scenario's. */
export function stepTimeoutMs(step: Step, scenario: Scenario, override: number | undefined): number {
  if (override !== undefined) return override;
  const own = step.timeout ?? scenario.stepTimeout;
  return (own !== undefined ? parseDuration(own) : undefined) ?? DEFAULT_STEP_TIMEOUT_MS;
}

/**
 * The whole scenario's budget: its `timeout:` as written (--timeout does not change a scenario's
 * total), else the default — raised to --timeout when that is longer, so one step can use it all.
 */
export function scenarioTimeoutMs(scenario: Scenario, override: number | undefined): number {
  const own = scenario.timeout !== undefined ? parseDuration(scenario.timeout) : undefined;
  return own ?? Math.max(DEFAULT_SCENARIO_TIMEOUT_MS, override ?? 0);
}

/** A step error's stable code: the code an isocheck error carries; `internal` only for a bug. */
function errorCode(e: unknown): string {
  return e instanceof StepInputError || e instanceof StepCommandError || e instanceof IsocheckError ? e.code : 'internal';
}

function linked(a: AbortSignal, ms: number): { signal: AbortSignal; dispose(): void } {
  const c = new AbortController();
  const onAbort = (): void => c.abort(a.reason);
  if (a.aborted) c.abort(a.reason);
  else a.addEventListener('abort', onAbort, { once: true });
  const t = setTimeout(() => c.abort(new Error('timeout')), ms);
  return { signal: c.signal, dispose: () => { clearTimeout(t); a.removeEventListener('abort', onAbort); } };
}

async function runStep(step: Step, index: number, s: ScenarioContext, scenarioSignal: AbortSignal): Promise<StepResult> {
  const o = s.opts;
  const stepId = step.id ?? `step${index + 1}`;
  const title = stepTitle(step, index);
  const t0 = Date.now();
  const startedAt = new Date(t0).toISOString();
  const timeoutMs = stepTimeoutMs(step, s.scenario, o.stepTimeoutMs);
  const deadline = t0 + timeoutMs;
  const { signal, dispose } = linked(scenarioSignal, timeoutMs);
  let cut = false; // set when an abort from outside the step stopped its judging
  const cutCode = (): string => (o.signal.aborted ? 'interrupted' : 'timeout');
  const commands: CommandRecord[] = [];
  const redactor = redactorOf(s.scenario);
  const claim = resolveClaim(step.claim, s.scenario.source);
  const result: StepResult = { index, ...(step.id ? { id: step.id } : {}), kind: step.kind, title, status: 'passed', startedAt, durationMs: 0, commands, output: '', notes: [], expectations: [], captures: {}, ...(claim ? { claim } : {}) };
  o.emit({ type: 'step:start', scenario: s.ref, index, title, kind: step.kind });
  const value = (text: string): string => {
    const r = interpolate(text, (name) => s.values.get(name));
    if (r.missing.length > 0) throw new StepInputError('unknown-value', `no value for \${${r.missing[0]}} (not a var and not captured yet)`);
    if (r.tooLarge) throw new StepInputError('value-too-large', `after interpolation a value is over ${VALUE_LIMITS.element} bytes, the limit for one value`);
    return r.value;
  };
  const run: StepRun = {
    scenario: s, index, stepId, signal, deadline, value, commands,
    async exec(argv, purpose, opts) {
      const remaining = Math.max(1, deadline - Date.now());
      const r = await o.spawn({ argv, timeoutMs: remaining, ...(opts?.abortable === false ? {} : { signal }) });
      // Reports see only the scoped, redacted record (report/redact.ts); the step uses `r` itself.
      const rec = redactor.command(commandRecord(r, purpose), step);
      keepRecord(commands, rec);
      o.emit({ type: 'step:command', scenario: s.ref, index, command: rec });
      return r;
    },
  };
  try {
    // Captures are known now: measure before anything is built (a capture used 10,000 times).
    const big = stepSizeProblems(step, [], (name) => s.values.get(name))[0];
    if (big !== undefined) throw new StepInputError('value-too-large', big.message);
    const handler = STEP_HANDLERS[step.kind] as StepHandler<typeof step.kind>;
    const observe = (): Promise<Observation> => handler.observe(step as never, run);
    let obs = await observe();
    const expectations = step.expect ?? [];
    // Interrupted (or the scenario timed out) while looking: what a killed command left is no verdict.
    if (scenarioSignal.aborted) cut = true;
    if (!cut && obs.exitCode !== undefined && obs.exitCode !== 0 && !expectations.some((e) => 'exitCode' in e)) {
      throw new StepCommandError('command-failed', `the command exited with code ${obs.exitCode ?? 'none'}${obs.stderr.trim() ? `: ${obs.stderr.slice(-4096).trim().split('\n').slice(-3).join(' / ')}` : ''}`);
    }
    const where = step.kind === 'host-processes' ? 'host' : 'container';
    const match = step.kind === 'top' || step.kind === 'host-processes' ? step.match : undefined;
    const subject = describeSelection(s, where, match, value);
    for (const [i, e] of expectations.entries()) {
      if (cut || signal.aborted) {
        cut = true;
        break;
      }
      const t = await judgeOverTime(e, obs, handler.repeatable ? observe : undefined, { ctx: s, subject, value }, {
        signal, deadline, pollMinMs: o.pollMinMs ?? 100, pollMaxMs: o.pollMaxMs ?? 1000,
      });
      obs = t.obs;
      // An interrupt (or the scenario's timeout) cut the wait: that says nothing about the claim.
      if (t.aborted === true && scenarioSignal.aborted) {
        cut = true;
        break;
      }
      result.expectations.push(expectationResult(i, e, t));
      if (t.note) result.notes.push(t.note);
    }
    result.output = bound(obs.output).text;
    if (obs.view) result.view = obs.view;
    result.notes.push(...obs.notes);
    if (obs.processes !== undefined && step.id !== undefined) s.counts.set(step.id, obs.processes.length);
    if (result.expectations.some((e) => !e.passed)) result.status = 'failed';
    else if (step.capture) result.captures = takeCaptures(step, obs, s);
  } catch (e) {
    result.status = 'error';
    // Whatever a command said when the step's timeout killed it, the step timed out.
    const timedOut = signal.aborted && !scenarioSignal.aborted;
    const code = timedOut ? 'timeout' : scenarioSignal.aborted ? cutCode() : errorCode(e);
    let message = (e as Error).message;
    if (timedOut) message = `timed out after ${timeoutMs}ms: ${message}`;
    result.error = { code, message };
  } finally {
    dispose();
    result.notes.push(...truncationNotes(commands));
  }
  if (result.status !== 'error' && signal.aborted && !scenarioSignal.aborted) {
    result.status = 'error';
    result.error = { code: 'timeout', message: `step timed out after ${timeoutMs}ms` };
  }
  // Stopped from outside before every expectation was judged: neither a pass nor a failed claim.
  if (cut && result.status !== 'error') {
    result.status = 'error';
    result.error = { code: cutCode(), message: o.signal.aborted ? 'interrupted before the step\'s expectations were all judged' : 'the scenario timed out before the step\'s expectations were all judged' };
  }
  judgeDeviation(result, step.knownDeviation, o.strict === true);
  result.durationMs = Date.now() - t0;
  redactor.step(result);
  o.emit({ type: 'step:end', scenario: s.ref, result });
  return result;
}

function expectationResult(index: number, e: Expectation, t: Awaited<ReturnType<typeof judgeOverTime>>): ExpectationResult {
  const key = assertionKey(e);
  const j = t.judgement;
  const timing = e.eventually !== undefined ? `, within ${e.eventually}` : e.for !== undefined ? `, for ${e.for}` : '';
  return {
    index, key, description: `${j.expected}${timing}`, passed: j.passed, expected: j.expected, found: j.found,
    message: j.passed ? `${j.expected}: ${j.found}` : `expected ${j.expected}${timing}; found ${j.found}`,
    ...(e.because ? { because: e.because } : {}),
    ...(j.page !== undefined ? { page: j.page } : {}),
    attempts: t.attempts, durationMs: t.durationMs,
  };
}

export async function runScenario(input: ScenarioInput, opts: RunOptions): Promise<ScenarioResult> {
  const { scenario, file } = input;
  const ref: ScenarioRef = { key: file, file, name: scenario.name };
  const t0 = Date.now();
  const base: ScenarioResult = {
    file, name: scenario.name, description: scenario.description, ...(scenario.source ? { source: scenario.source } : {}),
    tags: scenario.tags ?? [], status: 'passed', startedAt: new Date(t0).toISOString(), durationMs: 0, steps: [], containers: [], cleanup: { removed: [], errors: [] },
  };
  if (input.skipReason !== undefined) {
    opts.emit({ type: 'scenario:skip', scenario: ref, reason: input.skipReason });
    const r: ScenarioResult = { ...base, status: 'skipped', skipReason: input.skipReason };
    opts.emit({ type: 'scenario:end', scenario: ref, result: r });
    return r;
  }
  opts.emit({ type: 'scenario:start', scenario: ref });
  const s: ScenarioContext = {
    opts, file, index: input.index, scenario, ref,
    values: new Map(Object.entries(resolveVars(scenario, opts.engine, opts.vars).values)),
    containers: new Map(), counts: new Map(),
  };
  const scenarioTimeout = scenarioTimeoutMs(scenario, opts.stepTimeoutMs);
  const { signal, dispose } = linked(opts.signal, scenarioTimeout);
  const result: ScenarioResult = { ...base };
  // onFailure: continue runs on after a failure, but not a step whose inputs a failed step never made.
  const deps = stepDependencies(scenario);
  const notRun = (i: number, why: string): void => {
    const step = scenario.steps[i] as Step;
    const claim = resolveClaim(step.claim, scenario.source);
    const r: StepResult = { index: i, ...(step.id ? { id: step.id } : {}), kind: step.kind, title: stepTitle(step, i), status: 'skipped', startedAt: new Date().toISOString(), durationMs: 0, commands: [], output: '', notes: [why], expectations: [], captures: {}, ...(claim ? { claim } : {}) };
    result.steps.push(r);
    opts.emit({ type: 'step:end', scenario: ref, result: r });
  };
  try {
    for (const [i, step] of scenario.steps.entries()) {
      if (signal.aborted) break;
      const blocked = blockedBy(deps[i] ?? [], result.steps, s);
      if (blocked !== undefined) {
        notRun(i, `not run: ${blocked}`);
        continue;
      }
      const r = await runStep(step, i, s, signal);
      result.steps.push(r);
      if ((r.status === 'failed' || r.status === 'error') && scenario.onFailure !== 'continue') break;
    }
    // Steps that did not run still get a result, so every report lists every step.
    const why = opts.signal.aborted ? 'not run: interrupted' : signal.aborted ? 'not run: the scenario timed out' : 'not run: an earlier step did not pass';
    for (let i = result.steps.length; i < scenario.steps.length; i++) notRun(i, why);
  } finally {
    dispose();
    // Cleanup is never skipped and never aborted by the interrupt that ended the steps.
    result.containers = [...s.containers.values()];
    // Sweep by label only when a `docker run` may have created a container it did not report.
    const unsure = opts.signal.aborted || result.steps.some((st) => st.kind === 'run' && st.status !== 'skipped' && !s.containers.has(st.id ?? `step${st.index + 1}`));
    result.cleanup = await cleanupScenario(opts.spawn, opts.engine.driver, opts.runId, file, result.containers.filter((c) => !c.removed).map((c) => c.id), unsure);
    opts.emit({ type: 'scenario:cleanup', scenario: ref, ...result.cleanup });
  }
  if (opts.signal.aborted) result.status = 'interrupted';
  else if (signal.aborted && result.steps.some((st) => st.status !== 'passed' && st.status !== 'deviation')) result.status = 'error';
  else if (result.steps.some((st) => st.status === 'error')) result.status = 'error';
  else if (result.steps.some((st) => st.status === 'failed')) result.status = 'failed';
  if (result.cleanup.errors.length > 0 && result.status === 'passed') result.status = 'error';
  result.durationMs = Date.now() - t0;
  opts.emit({ type: 'scenario:end', scenario: ref, result });
  return result;
}

export { stepTitle, type ScenarioInput } from '../model/scenario-input.js';
