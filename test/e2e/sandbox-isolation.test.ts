// The Linux reference scenario on the real engine (runc and runsc), and the variants that must fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, runCli } from '../helpers/cli.js';
import { isocheckContainers, requireEngine } from '../helpers/engine.js';
import type { RunResult } from '../../src/execute/results.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-e2e-'));
}

function readReport(file: string): RunResult {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;
}

test('the Linux reference scenario passes: runc shares the PID with the host, gVisor hides ping', (t) => {
  if (!requireEngine(t)) return;
  const dir = tmp();
  const json = path.join(dir, 'report.json');
  const r = runCli(['run', SCENARIO, '--json', json]);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /^1 passed, 0 failed, 0 skipped/m);
  const rep = readReport(json);
  const sc = rep.scenarios[0];
  assert.ok(sc);
  assert.equal(sc.status, 'passed');
  const step = (id: string) => {
    const s = sc.steps.find((x) => x.id === id);
    assert.ok(s, `step ${id}`);
    return s;
  };
  // runc: the PID docker top reports is a host process of that container.
  const procPid = step('proc-top').captures.procPid;
  assert.match(procPid ?? '', /^[0-9]+$/);
  assert.equal(step('proc-top').view, 'engine (docker top)');
  assert.match(step('proc-host').output, new RegExp(`^${procPid}\\s`, 'm'));
  const procId = sc.containers.find((c) => c.stepId === 'proc')?.id ?? '';
  assert.equal(fs.readFileSync(`/proc/self/cgroup`, 'utf8').includes(procId), false, 'sanity: the test itself is not in the container');
  // gVisor: docker top is not trusted; the runtime's own view is used and shows ping.
  assert.match(step('sbx-top').view ?? '', /runtime \(runsc ps\)/);
  assert.ok(step('sbx-top').notes.some((n) => /not this container's processes/.test(n)), step('sbx-top').notes.join('\n'));
  assert.equal(step('sbx-host-ping').expectations[0]?.passed, true);
  assert.equal(step('sbx-host-sandbox').expectations[0]?.passed, true);
  assert.match(step('sbx-host-sandbox').output, /runsc-sandbox/);
  // Cleanup: nothing of this run is left.
  assert.deepEqual(isocheckContainers(rep.runId), []);
  assert.equal(sc.cleanup.errors.length, 0);
});

test('with the isolation modes swapped the scenario fails with expected/found messages', (t) => {
  if (!requireEngine(t)) return;
  const dir = tmp();
  const text = fs.readFileSync(SCENARIO, 'utf8').replace('isolation: process', 'isolation: @@').replace('isolation: sandbox', 'isolation: process').replace('isolation: @@', 'isolation: sandbox');
  const file = path.join(dir, 'swapped.yaml');
  fs.writeFileSync(file, text);
  const json = path.join(dir, 'report.json');
  const r = runCli(['run', file, '--json', json]);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  const rep = readReport(json);
  const failed = rep.scenarios[0]?.steps.find((s) => s.status === 'failed');
  assert.ok(failed, 'a step failed');
  const msg = failed.expectations.find((e) => !e.passed)?.message ?? '';
  assert.match(msg, /^expected .+; found .+/);
  assert.match(r.stderr, /expected .+; found /);
  assert.deepEqual(isocheckContainers(rep.runId), []);
});

test('an absent check stays correct while an unrelated host ping runs', async (t) => {
  if (!requireEngine(t)) return;
  const dir = tmp();
  // A real host process named ping (comm "ping" via a symlink to busybox).
  fs.symlinkSync('/bin/busybox', path.join(dir, 'ping'));
  const ping = spawn(path.join(dir, 'ping'), ['127.0.0.1'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fs.readFileSync(`/proc/${ping.pid}/comm`, 'utf8').trim(), 'ping');
    const json = path.join(dir, 'report.json');
    const r = runCli(['run', SCENARIO, '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const sc = readReport(json).scenarios[0];
    const absent = sc?.steps.find((s) => s.id === 'sbx-host-ping');
    assert.equal(absent?.status, 'passed');
    // And a name-only check would have been fooled: the unrelated ping is on the host.
    const naive = path.join(dir, 'naive.yaml');
    fs.writeFileSync(naive, fs.readFileSync(SCENARIO, 'utf8').replace('match: { name: ping, container: sbx }', 'match: { name: ping }'));
    const r2 = runCli(['run', naive, '--json', json]);
    assert.equal(r2.code, 1, 'a name-only absence check fails while any ping runs on the host');
    assert.match(r2.stderr, new RegExp(`PID ${ping.pid} `));
  } finally {
    ping.kill('SIGKILL');
  }
});

test('the Windows scenario is skipped on Linux with its reason, and exit 0', (t) => {
  if (!requireEngine(t)) return;
  const dir = tmp();
  const json = path.join(dir, 'report.json');
  const r = runCli(['run', path.join(ROOT, 'scenarios', 'windows', 'hyperv-isolation.yaml'), '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /requires a Windows host/);
  assert.match(r.stderr, /^0 passed, 0 failed, 1 skipped/m);
  const sc = readReport(json).scenarios[0];
  assert.equal(sc?.status, 'skipped');
  assert.match(sc?.skipReason ?? '', /requires a Windows host/);
});
