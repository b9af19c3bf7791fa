// The shipped Linux scenarios on real rootful Podman (scripts/provision-podman.sh: runc as the
// default OCI runtime, runsc registered through containers.conf, the local image built for Podman).
// In CI (CI=true) a missing or unusable Podman FAILS these tests; elsewhere they are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { IMAGE } from '../helpers/engine.js';
import { podman, podmanContainers as left, requirePodman } from '../helpers/extra-engines.js';
import type { RunResult } from '../../src/execute/results.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-podman-'));
}

function report(file: string): RunResult {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;
}

void test('podman: the reference scenario passes; podman top gives the host PID that the host sees, owned by the container', async (t) => {
  if (!requirePodman(t)) return;
  const json = path.join(tmp(), 'report.json');
  const r = runCli(['run', SCENARIO, '--engine', 'podman', '--json', json]);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /^1 passed, 0 failed, 0 skipped/m);
  const rep = report(json);
  const sc = rep.scenarios[0];
  assert.ok(sc);
  const step = (id: string) => {
    const s = sc.steps.find((x) => x.id === id);
    assert.ok(s, `step ${id}`);
    return s;
  };
  // runc: podman top's HPID column is the host PID; inside, ping is PID 1.
  const top = step('proc-top');
  assert.equal(top.view, 'engine (podman top)');
  const hpid = top.captures.procPid ?? '';
  assert.match(hpid, /^[0-9]+$/);
  assert.notEqual(hpid, '1');
  assert.match(top.output, new RegExp(`^1\\s+${hpid}\\s+ping\\s+ping 127\\.0\\.0\\.1`, 'm'));
  // ...and the host's own /proc has that PID, a ping owned by the container.
  const host = step('proc-host');
  assert.equal(host.view, 'host (/proc)');
  assert.match(host.output, new RegExp(`^${hpid}\\s.*ping`, 'm'));
  assert.ok(host.expectations.every((e) => e.passed));
  // gVisor: Podman lists no host process of the sandboxed container; runsc's own view has ping.
  const sbx = step('sbx-top');
  assert.equal(sbx.view, 'runtime (runsc ps)');
  assert.ok(sbx.notes.some((n) => /listed no host process of the container/.test(n)), sbx.notes.join('\n'));
  assert.match(sbx.output, /ping/);
  assert.equal(step('sbx-host-ping').status, 'passed');
  assert.match(step('sbx-host-sandbox').output, /runsc-sandbox/);
  assert.deepEqual(left(rep.runId), []);
  assert.equal(sc.cleanup.errors.length, 0);
});

void test('podman: every shipped Linux scenario passes, and nothing is left', async (t) => {
  if (!requirePodman(t)) return;
  const json = path.join(tmp(), 'report.json');
  const r = runCli(['run', path.join(ROOT, 'scenarios', 'linux'), '--engine', 'podman', '--json', json], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  const rep = report(json);
  assert.ok(rep.scenarios.length >= 4);
  assert.deepEqual(rep.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.name}: ${s.status}`), []);
  assert.deepEqual(left(rep.runId), []);
});

void test('podman: with the isolation modes swapped the reference scenario fails with expected/found', async (t) => {
  if (!requirePodman(t)) return;
  const dir = tmp();
  const text = fs.readFileSync(SCENARIO, 'utf8').replace('isolation: process', 'isolation: @@').replace('isolation: sandbox', 'isolation: process').replace('isolation: @@', 'isolation: sandbox');
  const file = path.join(dir, 'swapped.yaml');
  fs.writeFileSync(file, text);
  const json = path.join(dir, 'report.json');
  const r = runCli(['run', file, '--engine', 'podman', '--json', json]);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  const rep = report(json);
  const failed = rep.scenarios[0]?.steps.find((s) => s.status === 'failed');
  assert.ok(failed, 'a step failed');
  assert.match(failed.expectations.find((e) => !e.passed)?.message ?? '', /^expected .+; found .+/);
  assert.deepEqual(left(rep.runId), []);
});

void test('podman: clean --engine podman removes a leftover of a dead run, and doctor --engine podman reports the engine', async (t) => {
  if (!requirePodman(t)) return;
  const dead = spawnSync(process.execPath, ['-e', '0']).pid; // a PID whose process has exited
  const run = `e2e-podman-${process.pid}`;
  const labels = [`io.isocheck.run=${run}`, 'io.isocheck.scenario=e2e.yaml', 'io.isocheck.step=leftover', `io.isocheck.pid=${dead}`, `io.isocheck.host=${os.hostname()}`];
  const c = podman(['run', '--detach', ...labels.map((l) => `--label=${l}`), IMAGE, 'sleep', '600']);
  assert.equal(c.code, 0, c.stderr);
  try {
    assert.equal(left(run).length, 1);
    const r = runCli(['clean', '--engine', 'podman']);
    assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`run ${run} .* dead +remove 1 container`));
    assert.deepEqual(left(run), []);
  } finally {
    podman(['rm', '--force', '--time', '0', c.stdout.trim()]);
  }
  const d = runCli(['doctor', '--engine', 'podman']);
  assert.equal(d.code, 0, d.stdout + d.stderr);
  assert.match(d.stdout, /^podman: +✔ podman$/m);
  assert.match(d.stdout, /^runtimes: .*\brunsc\b/m);
  assert.match(d.stdout, /^endpoint: .*local/m);
  assert.doesNotMatch(d.stdout, /rootless/);
});
