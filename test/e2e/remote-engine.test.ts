// A second, real Docker Engine on this machine in its own PID, mount and network namespaces
// (scripts/provision-second-engine.sh) stands for a remote host: reached through DOCKER_HOST and
// through a docker context. Its `docker top` reports PIDs of its own namespace, so these tests prove
// that the verdicts come from that engine's host (the probe container), not from this machine's /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli, startCli } from '../helpers/cli.js';
import { waitUntil } from '../helpers/wait.js';
import { E2_CONTEXT, E2_HOST, e2, e2Containers, requireSecondEngine } from '../helpers/extra-engines.js';
import type { RunResult } from '../../src/execute/results.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-remote-'));
}

function swapped(dir: string): string {
  const text = fs.readFileSync(SCENARIO, 'utf8').replace('isolation: process', 'isolation: @@').replace('isolation: sandbox', 'isolation: process').replace('isolation: @@', 'isolation: sandbox');
  const f = path.join(dir, 'swapped.yaml');
  fs.writeFileSync(f, text);
  return f;
}

/** This machine's PIDs whose cgroup names the container (what the local /proc says about it). */
function localPidsOf(containerId: string): number[] {
  const out: number[] = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(n)) continue;
    try {
      if (fs.readFileSync(`/proc/${n}/cgroup`, 'utf8').includes(containerId)) out.push(Number(n));
    } catch {
      // gone
    }
  }
  return out;
}

test('through DOCKER_HOST the reference passes, and its PIDs are the remote host\'s, not this machine\'s', async (t) => {
  if (!requireSecondEngine(t)) return;
  const json = path.join(tmp(), 'r.json');
  const { done } = startCli(['run', SCENARIO, '--json', json], { env: { DOCKER_HOST: E2_HOST } });
  // While it runs: where the runc container's ping really is on this machine.
  const local = await waitUntil(() => {
    const id = e2(['ps', '-q', '--no-trunc', '--filter', 'label=io.isocheck.step=proc']).stdout.trim().split('\n')[0];
    const pids = id ? localPidsOf(id) : [];
    return id && pids.length > 0 ? { id, pids } : undefined;
  }, 30_000);
  const r = await done;
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
  const sc = rep.scenarios[0];
  assert.equal(sc?.status, 'passed');
  const step = (id: string) => sc?.steps.find((s) => s.id === id);
  const remotePid = Number(step('proc-top')?.captures.procPid);
  assert.ok(remotePid > 0);
  assert.equal(sc?.containers.find((c) => c.stepId === 'proc')?.id, local.id);
  // The engine's top PID is not this machine's PID of that process: a /proc reader would be wrong.
  assert.ok(!local.pids.includes(remotePid), `remote PID ${remotePid} vs local PIDs ${local.pids.join(',')}`);
  // The host step saw it on the engine's host, through the probe container on that engine.
  assert.match(step('proc-host')?.view ?? '', /probe container on/);
  assert.match(step('proc-host')?.output ?? '', new RegExp(`^${remotePid}\\s`, 'm'));
  assert.match(step('sbx-host-sandbox')?.output ?? '', /runsc-sandbox/);
  // The probe's raw /proc dump (every host process's command line) is not in the report: a summary is.
  const dumps = sc?.steps.flatMap((s) => s.commands.filter((c) => c.purpose?.startsWith('host process table'))) ?? [];
  assert.ok(dumps.length > 0);
  for (const c of dumps) assert.match(c.stdout, /^<\d+ process(es)?, \d+ bytes: not recorded \(show: all to keep\)>$/);
  assert.equal(rep.environment.engine?.endpoint, E2_HOST);
  assert.equal(rep.environment.engine?.daemonHost, 'isocheck-e2');
  // Nothing of the run is left there, the probe container included.
  assert.deepEqual(e2Containers(rep.runId), []);
});

test('through a docker context the reference passes and the swapped isolation modes fail', (t) => {
  if (!requireSecondEngine(t)) return;
  const dir = tmp();
  const ok = runCli(['run', SCENARIO, '--context', E2_CONTEXT, '--json', path.join(dir, 'ok.json')]);
  assert.equal(ok.code, 0, ok.stderr);
  const rep = JSON.parse(fs.readFileSync(path.join(dir, 'ok.json'), 'utf8')) as RunResult;
  assert.equal(rep.environment.target?.name, E2_CONTEXT);
  assert.equal(rep.environment.target?.locality, 'remote');
  assert.deepEqual(e2Containers(rep.runId), []);

  const bad = runCli(['run', swapped(dir), '--context', E2_CONTEXT, '--json', path.join(dir, 'bad.json')]);
  assert.equal(bad.code, 1, bad.stderr);
  const badRep = JSON.parse(fs.readFileSync(path.join(dir, 'bad.json'), 'utf8')) as RunResult;
  const failed = badRep.scenarios[0]?.steps.find((s) => s.status === 'failed');
  assert.ok(failed, 'a step failed');
  assert.match(failed.expectations.find((e) => !e.passed)?.message ?? '', /^expected .+; found .+/);
  assert.deepEqual(e2Containers(badRep.runId), []);
});

test('SIGINT during a remote run removes its containers and its probe on that engine', async (t) => {
  if (!requireSecondEngine(t)) return;
  const before = new Set(e2Containers());
  const { child, done } = startCli(['run', SCENARIO, '--context', E2_CONTEXT, '--renderer', 'plain']);
  // Interrupt once the probe container exists (the host view is being taken).
  const runId = await waitUntil(() => {
    const probe = e2(['ps', '-q', '--no-trunc', '--filter', 'label=io.isocheck.step=host-probe']).stdout.trim().split('\n')[0];
    return probe && !before.has(probe) ? e2(['inspect', '-f', '{{index .Config.Labels "io.isocheck.run"}}', probe]).stdout.trim() : undefined;
  }, 30_000);
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(e2Containers(runId), []);
});

test('clean --context removes what a killed run left on that engine', async (t) => {
  if (!requireSecondEngine(t)) return;
  const { child, done } = startCli(['run', SCENARIO, '--context', E2_CONTEXT, '--renderer', 'plain']);
  const runId = await waitUntil(() => {
    const id = e2(['ps', '-q', '--no-trunc', '--filter', 'label=io.isocheck.step=host-probe']).stdout.trim().split('\n')[0];
    return id ? e2(['inspect', '-f', '{{index .Config.Labels "io.isocheck.run"}}', id]).stdout.trim() : undefined;
  }, 30_000);
  child.kill('SIGKILL');
  await done;
  assert.ok(e2Containers(runId).length > 0, 'SIGKILL leaves containers there');
  const r = runCli(['clean', '--context', E2_CONTEXT]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(e2Containers(runId), []);
});
