// runScenario with real processes: --timeout over a step's own timeout, error codes of a step whose
// tool printed something unparseable, and what a polled command's records keep. The `docker` here
// is test/helpers/fake-docker.ts (a real recorded `docker info`, then a table whose PID is not a
// number) — the shared engine cannot be made to print that.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECORD_TEXT_CAP } from '../../src/execute/bounded.js';
import type { RunOptions } from '../../src/execute/context.js';
import type { RunEvent } from '../../src/execute/events.js';
import { runScenario, scenarioTimeoutMs, stepTimeoutMs } from '../../src/execute/scenario.js';
import { execaSpawn } from '../../src/execute/spawn.js';
import { detectDocker } from '../plan/engines.js';
import { hostFacts } from '../../src/plan/requirements.js';
import type { Scenario, Step } from '../../src/types.js';
import { fakeDocker } from '../helpers/fake-docker.js';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-scenario-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function options(docker: string, extra: Partial<RunOptions> = {}): Promise<RunOptions & { events: RunEvent[] }> {
  const events: RunEvent[] = [];
  return {
    spawn: execaSpawn, engine: await detectDocker(execaSpawn, docker), host: hostFacts(), runId: `t${process.pid}`,
    signal: new AbortController().signal, vars: {}, emit: (e) => events.push(e), events, ...extra,
  };
}

const scenario = (steps: Step[], extra: Partial<Scenario> = {}): Scenario => ({ name: 'unit', description: 'unit', steps, ...extra });

describe('step timeouts', () => {
  it('--timeout overrides a step\'s own timeout and the scenario\'s stepTimeout', () => {
    const st: Step = { kind: 'command', command: ['true'], timeout: '20s' };
    assert.equal(stepTimeoutMs(st, scenario([st], { stepTimeout: '1m' }), 500), 500);
    assert.equal(stepTimeoutMs(st, scenario([st], { stepTimeout: '1m' }), undefined), 20_000);
    assert.equal(stepTimeoutMs({ kind: 'command', command: ['true'] }, scenario([st], { stepTimeout: '1m' }), undefined), 60_000);
  });

  it('a scenario timeout stays as written; the default one grows to --timeout', () => {
    assert.equal(scenarioTimeoutMs(scenario([], { timeout: '2m' }), 30 * 60_000), 120_000);
    assert.equal(scenarioTimeoutMs(scenario([]), 30 * 60_000), 30 * 60_000);
    assert.equal(scenarioTimeoutMs(scenario([]), 1000), 10 * 60_000);
  });

  it('a real sleep with timeout 20s is ended by --timeout 300ms', async () => {
    const o = await options(fakeDocker(dir, 'garbled-top'), { stepTimeoutMs: 300 });
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario([{ kind: 'command', command: ['sleep', '3'], timeout: '20s' }]) }, o);
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.error?.code, 'timeout');
  });
});

describe('step error codes', () => {
  it('an unparseable docker top table is output-unparseable, not internal', async () => {
    const o = await options(fakeDocker(dir, 'garbled-top'));
    const r = await runScenario({ file: 'b.yaml', index: 0, scenario: scenario([
      { id: 'c', kind: 'run', image: 'isocheck/busybox:local', command: ['sleep', '300'] },
      { kind: 'top', container: 'c', expect: [{ present: true }] } as Step,
    ]) }, o);
    assert.equal(r.steps[0]?.status, 'passed');
    assert.equal(r.steps[1]?.status, 'error');
    assert.equal(r.steps[1]?.error?.code, 'output-unparseable');
    assert.match(r.steps[1]?.error?.message ?? '', /PID is not a number/);
  });
});

describe('polled commands', () => {
  it('keep the first and the latest run, bounded, and count the runs in between', async () => {
    const o = await options(fakeDocker(dir, 'garbled-top'), { pollMinMs: 50, pollMaxMs: 80 });
    const r = await runScenario({ file: 'c.yaml', index: 0, scenario: scenario([{
      kind: 'command', command: ['sh', '-c', "head -c 3000000 /dev/zero | tr '\\0' x"], expect: [{ output: { contains: 'xxxx' }, for: '1s' }],
    } as Step]) }, o);
    const st = r.steps[0];
    assert.ok(st);
    assert.equal(st.status, 'passed', JSON.stringify(st.error));
    const attempts = st.expectations[0]?.attempts ?? 0;
    assert.ok(attempts >= 3, `polled ${attempts} times`);
    assert.equal(st.commands.length, 2);
    assert.equal(st.commands[0]?.runs, undefined);
    assert.equal(st.commands[1]?.runs, attempts - 1);
    for (const c of st.commands) {
      assert.ok(c.stdout.length <= RECORD_TEXT_CAP);
      assert.equal(c.truncated?.stdout, 3_000_000);
    }
    assert.ok(st.output.length <= RECORD_TEXT_CAP);
    assert.ok(st.notes.some((n) => /truncated by isocheck at 1 MiB/.test(n) && /not a failure/.test(n)), st.notes.join('\n'));
    // every poll still reaches the reporters as an event
    assert.equal(o.events.filter((e) => e.type === 'step:command').length, attempts);
  });
});

describe('interrupts are not verdicts', () => {
  it('an interrupt during a `for` wait makes the step an error (interrupted), neither a pass nor a failed claim', async () => {
    const c = new AbortController();
    const o = await options(fakeDocker(dir, 'garbled-top'), { signal: c.signal, pollMinMs: 20, pollMaxMs: 50 });
    setTimeout(() => c.abort('SIGINT'), 300);
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario([{ kind: 'command', command: ['true'], expect: [{ exitCode: 0, for: '10s' }] }]) }, o);
    assert.equal(r.status, 'interrupted');
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.error?.code, 'interrupted');
    assert.deepEqual(r.steps[0]?.expectations, [], 'no expectation was judged as failed');
  });

  it('an interrupt that kills the first look (the command still running) is interrupted, not a failed exitCode claim', async () => {
    const c = new AbortController();
    const o = await options(fakeDocker(dir, 'garbled-top'), { signal: c.signal, pollMinMs: 20, pollMaxMs: 50 });
    setTimeout(() => c.abort('SIGINT'), 200);
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario([{ kind: 'command', command: ['sleep', '5'], expect: [{ exitCode: 0 }] }]) }, o);
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.error?.code, 'interrupted');
    assert.deepEqual(r.steps[0]?.expectations, []);
  });

  it('an interrupt that kills a later look of a `for` wait is interrupted, not a failed claim', async () => {
    // The first look is quick and leaves a flag; every later look sleeps, so the abort lands in one.
    const flag = path.join(dir, `looked-${process.pid}`);
    const c = new AbortController();
    const o = await options(fakeDocker(dir, 'garbled-top'), { signal: c.signal, pollMinMs: 20, pollMaxMs: 50 });
    setTimeout(() => c.abort('SIGINT'), 600);
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario([{ kind: 'command', command: ['sh', '-c', 'if [ -e "$1" ]; then sleep 5; fi; touch "$1"', 'sh', flag], expect: [{ exitCode: 0, for: '10s' }] }]) }, o);
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.error?.code, 'interrupted');
    assert.deepEqual(r.steps[0]?.expectations, []);
  });

  it('a scenario timeout during an `eventually` wait is a timeout error of the step, not a failed claim', async () => {
    const o = await options(fakeDocker(dir, 'garbled-top'), { pollMinMs: 20, pollMaxMs: 50 });
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario([{ kind: 'command', command: ['echo', 'no'], expect: [{ output: { contains: 'yes' }, eventually: '10s' }] }], { timeout: '400ms' }) }, o);
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.error?.code, 'timeout');
  });
});
