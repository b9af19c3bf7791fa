// Engine detection against fake docker CLIs that are real programs (tiny shell scripts): one that
// hangs while a child it forked (and moved to its own session) holds the output pipe, like a CLI
// plugin or an SSH connection helper left running. Detection must end within its timeout plus the
// spawn's grace, with the engine named unreachable, not wait for the pipe.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, UsageError } from '../../src/errors.js';
import { execaSpawn, TIMEOUT_GRACE_MS } from '../../src/execute/spawn.js';
import { DEFAULT_ENGINE_TIMEOUT_MS, engineTimeoutMs } from '../../src/plan/engine.js';
import { detectDocker as detectEngine } from './engines.js';
import { killPids, pidsIn } from '../helpers/processes.js';

function fakeDocker(t: { after(fn: () => void): void }, body: string): { bin: string; pidfile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-fake-docker-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'docker');
  fs.writeFileSync(bin, `#!/bin/sh\npidfile="${path.join(dir, 'pids')}"\n${body}\n`, { mode: 0o755 });
  return { bin, pidfile: path.join(dir, 'pids') };
}

void describe('detectEngine', { concurrency: true }, () => {
  void it('a docker CLI that hangs while an escaped child holds its pipe fails within the timeout plus grace', async (t) => {
    const { bin, pidfile } = fakeDocker(t, [
      `setsid sh -c 'echo $$ >> "$1"; exec sleep 60' sh "$pidfile" &`,
      'echo $$ >> "$pidfile"',
      'echo "{"', // a partial answer, then nothing
      'exec sleep 60',
    ].join('\n'));
    const t0 = Date.now();
    const err = await detectEngine(execaSpawn, bin, { timeoutMs: 500 }).then(() => undefined, (e: unknown) => e);
    const took = Date.now() - t0;
    const pids = await pidsIn(pidfile, 2);
    t.after(() => killPids(pids));
    assert.ok(err instanceof EnvironmentError, String(err));
    assert.equal(err.code, 'engine-unreachable');
    assert.match(err.message, /did not answer "docker info" within 0\.5s.*--engine-timeout/);
    assert.ok(took <= 500 + TIMEOUT_GRACE_MS + 500, `detection took ${took} ms`);
    console.log(`engine probe: a docker CLI hanging with an escaped pipe holder, timeout 500 ms: detection failed after ${took} ms`);
  });

  void it('a refused connection fails at once, not after the timeout', async (t) => {
    // What the docker CLI prints when no daemon listens (docker 20.10 on this machine, socket absent).
    const { bin } = fakeDocker(t, 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1');
    const t0 = Date.now();
    const err = await detectEngine(execaSpawn, bin, { timeoutMs: 30_000 }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof EnvironmentError);
    assert.equal(err.code, 'engine-unreachable');
    assert.match(err.message, /Cannot connect to the Docker daemon/);
    assert.ok(Date.now() - t0 < 5000);
  });

  void it('an abort ends detection with an interrupted error', async (t) => {
    const { bin } = fakeDocker(t, 'exec sleep 60');
    const ac = new AbortController();
    setTimeout(() => ac.abort('SIGINT'), 200);
    const err = await detectEngine(execaSpawn, bin, { timeoutMs: 30_000, signal: ac.signal }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof EnvironmentError);
    assert.equal(err.code, 'interrupted');
  });
});

void describe('engineTimeoutMs', () => {
  void it('--engine-timeout, else ISOCHECK_ENGINE_TIMEOUT, else 10 s', () => {
    assert.equal(DEFAULT_ENGINE_TIMEOUT_MS, 10_000);
    assert.equal(engineTimeoutMs(undefined, {}), 10_000);
    assert.equal(engineTimeoutMs(undefined, { ISOCHECK_ENGINE_TIMEOUT: '' }), 10_000);
    assert.equal(engineTimeoutMs(undefined, { ISOCHECK_ENGINE_TIMEOUT: '30s' }), 30_000);
    assert.equal(engineTimeoutMs(undefined, { ISOCHECK_ENGINE_TIMEOUT: '2.5' }), 2500);
    assert.equal(engineTimeoutMs('500ms', { ISOCHECK_ENGINE_TIMEOUT: '30s' }), 500);
    assert.equal(engineTimeoutMs('1m', {}), 60_000);
  });

  void it('a bad value is a usage error naming where it came from and the range', () => {
    for (const [opt, env, from] of [['0', {}, '--engine-timeout'], ['-1s', {}, '--engine-timeout'], ['soon', {}, '--engine-timeout'], ['61m', {}, '--engine-timeout'], [undefined, { ISOCHECK_ENGINE_TIMEOUT: '1e9' }, 'ISOCHECK_ENGINE_TIMEOUT']] as const) {
      assert.throws(() => engineTimeoutMs(opt, env), (e: unknown) => e instanceof UsageError && e.code === 'bad-engine-timeout' && e.message.startsWith(from) && /60m/.test(e.message), `${opt} ${JSON.stringify(env)}`);
    }
  });
});
