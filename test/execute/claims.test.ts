// runScenario with real processes (command steps; the engine facts come from the recorded
// `docker info` of test/helpers/fake-docker.ts): onFailure: continue and the not-run reasons,
// knownDeviation (deviation, unexpected pass, --strict) and claims on step results.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions } from '../../src/execute/context.js';
import type { RunEvent } from '../../src/execute/events.js';
import { totals } from '../../src/execute/runner.js';
import { runScenario } from '../../src/execute/scenario.js';
import { execaSpawn } from '../../src/execute/spawn.js';
import { detectDocker } from '../plan/engines.js';
import { hostFacts } from '../../src/plan/requirements.js';
import type { Scenario, Step } from '../../src/types.js';
import { fakeDocker } from '../helpers/fake-docker.js';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-claims-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function options(extra: Partial<RunOptions> = {}): Promise<RunOptions & { events: RunEvent[] }> {
  const events: RunEvent[] = [];
  return {
    spawn: execaSpawn, engine: await detectDocker(execaSpawn, fakeDocker(dir, 'garbled-top')), host: hostFacts(), runId: `t${process.pid}`,
    signal: new AbortController().signal, vars: {}, emit: (e) => events.push(e), events, ...extra,
  };
}

const scenario = (steps: Step[], extra: Partial<Scenario> = {}): Scenario => ({ name: 'unit', description: 'unit', steps, ...extra });
const echo = (id: string, text: string, extra: Partial<Step> = {}): Step => ({ kind: 'command', id, command: ['echo', text], ...extra } as Step);

const STEPS: Step[] = [
  echo('first', 'one', { expect: [{ output: { contains: 'two' } }], capture: { word: 'stdout' } } as Partial<Step>),
  echo('uses', '${word}'),
  echo('free', 'three', { expect: [{ output: { contains: 'three' } }] } as Partial<Step>),
];

describe('onFailure', () => {
  it('stop (the default) does not run the steps after a failed one', async () => {
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario(STEPS) }, await options());
    assert.deepEqual(r.steps.map((s) => s.status), ['failed', 'skipped', 'skipped']);
    assert.deepEqual(r.steps[2]?.notes, ['not run: an earlier step did not pass']);
    assert.equal(r.status, 'failed');
  });

  it('continue runs what does not depend on the failed step, and names the step the others depend on', async () => {
    const o = await options();
    const r = await runScenario({ file: 'a.yaml', index: 0, scenario: scenario(STEPS, { onFailure: 'continue' }) }, o);
    assert.deepEqual(r.steps.map((s) => s.status), ['failed', 'skipped', 'passed']);
    assert.deepEqual(r.steps[1]?.notes, ['not run: depends on step 1 (first) for ${word}, which failed']);
    assert.equal(r.status, 'failed', 'a scenario with a failed step fails');
    // Every step reported once, in order, to the renderers.
    const ends = o.events.filter((e): e is Extract<RunEvent, { type: 'step:end' }> => e.type === 'step:end').map((e) => e.result.index);
    assert.deepEqual(ends, [0, 1, 2]);
  });

  it('continue goes on after a step error too, and what depends on a not-run step is not run either', async () => {
    const steps: Step[] = [
      { kind: 'command', id: 'broken', command: ['sh', '-c', 'exit 3'], capture: { a: 'stdout' } },
      echo('mid', '${a}', { capture: { b: 'stdout' } } as Partial<Step>),
      echo('last', '${b}'),
      echo('free', 'ok'),
    ];
    const r = await runScenario({ file: 'b.yaml', index: 0, scenario: scenario(steps, { onFailure: 'continue' }) }, await options());
    assert.deepEqual(r.steps.map((s) => s.status), ['error', 'skipped', 'skipped', 'passed']);
    assert.deepEqual(r.steps[1]?.notes, ['not run: depends on step 1 (broken) for ${a}, which could not complete']);
    assert.deepEqual(r.steps[2]?.notes, ['not run: depends on step 2 (mid) for ${b}, which did not run']);
    assert.equal(r.status, 'error');
  });
});

describe('knownDeviation', () => {
  const marked = (expectText: string, extra: Partial<Step> = {}): Step =>
    echo('dev', 'gvisor', { knownDeviation: 'the runtime answers here', expect: [{ output: { contains: expectText } }], ...extra } as Partial<Step>);

  it('expectations that fail make a deviation: not a failure, the scenario passes, later steps run', async () => {
    const r = await runScenario({ file: 'c.yaml', index: 0, scenario: scenario([marked('runc'), echo('after', 'x')]) }, await options());
    assert.equal(r.steps[0]?.status, 'deviation');
    assert.deepEqual(r.steps[0]?.knownDeviation, { reason: 'the runtime answers here', outcome: 'deviation' });
    assert.equal(r.steps[0]?.expectations[0]?.passed, false, 'the failed expectation is kept');
    assert.equal(r.steps[1]?.status, 'passed');
    assert.equal(r.status, 'passed');
    assert.deepEqual(totals([r]), { passed: 1, failed: 0, skipped: 0, deviations: 1 });
  });

  it('expectations that pass are an unexpected pass: a failure', async () => {
    const r = await runScenario({ file: 'd.yaml', index: 0, scenario: scenario([marked('gvisor')]) }, await options());
    assert.equal(r.steps[0]?.status, 'failed');
    assert.equal(r.steps[0]?.knownDeviation?.outcome, 'unexpected-pass');
    assert.equal(r.status, 'failed');
    assert.deepEqual(totals([r]), { passed: 0, failed: 1, skipped: 0, deviations: 0 });
  });

  it('--strict makes a deviation a failure (and onFailure: stop stops there)', async () => {
    const r = await runScenario({ file: 'e.yaml', index: 0, scenario: scenario([marked('runc'), echo('after', 'x')]) }, await options({ strict: true }));
    assert.equal(r.steps[0]?.status, 'failed');
    assert.equal(r.steps[0]?.knownDeviation?.outcome, 'strict');
    assert.equal(r.steps[1]?.status, 'skipped');
    assert.equal(r.status, 'failed');
  });

  it('a step that could not complete is an error, not a deviation', async () => {
    const st = { kind: 'command', id: 'dev', command: ['sh', '-c', 'exit 2'], knownDeviation: 'x', expect: [{ output: { contains: 'y' } }] } as Step;
    const r = await runScenario({ file: 'f.yaml', index: 0, scenario: scenario([st]) }, await options());
    assert.equal(r.steps[0]?.status, 'error');
    assert.equal(r.steps[0]?.knownDeviation, undefined);
  });

  it('a step using a capture a deviation did not take is not run, naming the deviation', async () => {
    const steps = [marked('runc', { capture: { got: 'stdout' } } as Partial<Step>), echo('uses', '${got}'), echo('free', 'ok')];
    const r = await runScenario({ file: 'g.yaml', index: 0, scenario: scenario(steps) }, await options());
    assert.deepEqual(r.steps.map((s) => s.status), ['deviation', 'skipped', 'passed']);
    assert.deepEqual(r.steps[1]?.notes, ['not run: depends on step 1 (dev) for ${got}, which is a known deviation and left no such value']);
  });
});

describe('claims on step results', () => {
  it('a bare claim links to the page with a text fragment; { text, url } keeps its url; not-run steps carry theirs', async () => {
    const steps: Step[] = [
      echo('a', 'x', { claim: 'Processes are isolated, by design.', expect: [{ output: { contains: 'y' } }] } as Partial<Step>),
      echo('b', 'x', { claim: { text: 'Own link', url: 'https://example.org/p#:~:text=own' } } as Partial<Step>),
    ];
    const src = { url: 'https://docs.docker.com/engine/security/', section: 'kernel-namespaces' };
    const r = await runScenario({ file: 'h.yaml', index: 0, scenario: scenario(steps, { source: src }) }, await options());
    assert.deepEqual(r.steps[0]?.claim, { text: 'Processes are isolated, by design.', url: 'https://docs.docker.com/engine/security/#kernel-namespaces:~:text=Processes%20are%20isolated%2C%20by%20design.' });
    assert.equal(r.steps[1]?.status, 'skipped');
    assert.deepEqual(r.steps[1]?.claim, { text: 'Own link', url: 'https://example.org/p#:~:text=own' });
  });
});
