// runAll with real processes: a scenario whose run throws becomes that scenario's `internal` error
// while the others run and the run's label is still swept; an engine that stops answering mid-run
// is the run's environment-error, decided before run:end so every reporter sees it. The `docker`
// for the engine-loss case is test/helpers/fake-docker.ts (a real recorded `docker info`, then the
// docker CLI's real "Cannot connect" error): the shared engine must not be stopped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEvent } from '../../src/execute/events.js';
import { newRunId, runAll, type RunAllOptions } from '../../src/execute/runner.js';
import { execaSpawn, type Spawn } from '../../src/execute/spawn.js';
import { fingerprint } from '../../src/plan/engine.js';
import { detectDocker } from '../plan/engines.js';
import { hostFacts } from '../../src/plan/requirements.js';
import type { Step } from '../../src/types.js';
import { DAEMON_GONE, fakeDocker } from '../helpers/fake-docker.js';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-runner-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function options(docker: string, emit: (e: RunEvent) => void, spawn: Spawn = execaSpawn): Promise<RunAllOptions> {
  const engine = await detectDocker(execaSpawn, docker);
  return { spawn, engine, host: hostFacts(), runId: newRunId(), signal: new AbortController().signal, vars: {}, jobs: 2, environment: fingerprint(engine), emit };
}

const input = (file: string, steps: Step[]) => ({ file, index: 0, scenario: { name: file, description: file, steps } });

describe('runAll', () => {
  it('one scenario that throws is an internal error of that scenario; the others run; the label is swept', async () => {
    const events: RunEvent[] = [];
    const calls: string[][] = [];
    const spawn: Spawn = (req) => {
      calls.push([...req.argv]);
      return execaSpawn(req);
    };
    const docker = fakeDocker(dir, 'garbled-top');
    const o = await options(docker, (e) => {
      if (e.type === 'scenario:start' && e.scenario.file === 'boom.yaml') throw new Error('a reporter bug');
      events.push(e);
    }, spawn);
    const r = await runAll([input('boom.yaml', [{ kind: 'command', command: ['true'] }]), input('fine.yaml', [{ kind: 'command', command: ['true'] }])], o);
    const boom = r.scenarios.find((s) => s.file === 'boom.yaml');
    assert.equal(boom?.status, 'error');
    assert.deepEqual(boom?.error, { code: 'internal', message: 'a reporter bug' });
    assert.match(boom?.steps[0]?.notes[0] ?? '', /isocheck failed on this scenario \[internal\]: a reporter bug/);
    assert.equal(r.scenarios.find((s) => s.file === 'fine.yaml')?.status, 'passed');
    assert.equal(r.status, 'failed');
    assert.ok(calls.some((a) => a[0] === docker && a[1] === 'ps' && a.includes(`label=io.isocheck.run=${o.runId}`)), 'the final sweep ran');
    assert.equal(events.filter((e) => e.type === 'run:end').length, 1);
  });

  it('an engine that stops answering makes the run environment-error before run:end', async () => {
    const events: RunEvent[] = [];
    const o = await options(fakeDocker(dir, 'engine-gone'), (e) => events.push(e));
    const r = await runAll([input('gone.yaml', [{ id: 'c', kind: 'run', image: 'isocheck/busybox:local', command: ['sleep', '300'] }])], o);
    const end = events.find((e) => e.type === 'run:end');
    assert.ok(end?.type === 'run:end');
    assert.equal(end.result.status, 'environment-error');
    assert.ok(end.result.environment.engineError?.endsWith(DAEMON_GONE), end.result.environment.engineError);
    assert.equal(r.status, 'environment-error');
    assert.equal(o.environment.engineError, undefined, 'the fingerprint passed in is not changed');
  });

  it('a step that fails on its own is still a failed run, not an environment error', async () => {
    const events: RunEvent[] = [];
    const o = await options(fakeDocker(dir, 'garbled-top'), (e) => events.push(e));
    const r = await runAll([input('false.yaml', [{ kind: 'command', command: ['false'] }])], o);
    assert.equal(r.status, 'failed');
  });
});
