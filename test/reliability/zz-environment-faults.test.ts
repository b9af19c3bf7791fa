// Environment faults: the docker CLI missing, the engine stopped before and during a run, gVisor
// not registered. These tests DISTURB THE SHARED ENGINE (they stop dockerd and change
// /etc/docker/daemon.json), so the file sorts last ("zz-") and every change is undone in a finally
// block (and once more in after()): dockerd is restarted exactly like scripts/provision-engine.sh
// does, and daemon.json is written back byte for byte, then dockerd reloaded (SIGHUP) and runsc
// checked to be back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { runCli, startCli } from '../helpers/cli.js';
import { IMAGE, requireEngine } from '../helpers/engine.js';
import { REFERENCE, containersWith, delay, engineAnswers, processesWhere, readJson, removeOwn, tempDir, waitFor } from './support.js';

const DAEMON_JSON = '/etc/docker/daemon.json';
const DOCKERD = '/usr/sbin/dockerd';
const DOCKERD_LOG = '/var/log/isocheck-dockerd.log';
const ORIGINAL_DAEMON_JSON = fs.existsSync(DAEMON_JSON) ? fs.readFileSync(DAEMON_JSON) : undefined;
const BACKUP = path.join(os.tmpdir(), `isocheck-daemon.json.${process.pid}.bak`);
if (ORIGINAL_DAEMON_JSON !== undefined) fs.writeFileSync(BACKUP, ORIGINAL_DAEMON_JSON);

/**
 * The first engine's dockerd only: the second engine's (scripts/provision-second-engine.sh) runs in
 * its own PID namespace and must survive these tests, or every later test that needs it fails.
 */
function dockerdPids(): number[] {
  const ownNs = fs.readlinkSync('/proc/self/ns/pid');
  const sameNs = (pid: number): boolean => {
    try {
      return fs.readlinkSync(`/proc/${pid}/ns/pid`) === ownNs;
    } catch {
      return false; // gone
    }
  };
  return processesWhere((c) => /^(\S*\/)?dockerd( |$)/.test(c)).map((p) => p.pid).filter(sameNs);
}

function runtimes(): string[] | undefined {
  const r = spawnSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return undefined;
  try {
    return Object.keys(JSON.parse(r.stdout) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** SIGTERM dockerd and wait until the engine no longer answers and the daemon has exited. */
async function stopDockerd(): Promise<number> {
  const pids = dockerdPids();
  assert.ok(pids.length > 0, 'a dockerd to stop');
  const t0 = Date.now();
  for (const p of pids) process.kill(p, 'SIGTERM');
  const down = await waitFor(() => (!engineAnswers(3000) && dockerdPids().length === 0 ? true : undefined), 90_000, 250);
  assert.ok(down, 'dockerd stopped within 90 s');
  return Date.now() - t0;
}

/** Start dockerd exactly like scripts/provision-engine.sh, and wait until it answers. */
async function startDockerd(): Promise<number> {
  const t0 = Date.now();
  const sh = spawn('bash', ['-c', `nohup ${DOCKERD} >${DOCKERD_LOG} 2>&1 </dev/null &`], { detached: true, stdio: 'ignore' });
  sh.unref();
  const up = await waitFor(() => (engineAnswers(3000) ? true : undefined), 60_000, 500);
  if (!up) throw new Error(`dockerd did not answer within 60 s; see ${DOCKERD_LOG}`);
  return Date.now() - t0;
}

function reloadDockerd(): void {
  for (const p of dockerdPids()) process.kill(p, 'SIGHUP');
}

async function restoreDaemonJson(): Promise<void> {
  if (ORIGINAL_DAEMON_JSON === undefined) return;
  const now = fs.existsSync(DAEMON_JSON) ? fs.readFileSync(DAEMON_JSON) : undefined;
  if (now === undefined || !now.equals(ORIGINAL_DAEMON_JSON)) {
    fs.writeFileSync(`${DAEMON_JSON}.isocheck-tmp`, ORIGINAL_DAEMON_JSON);
    fs.renameSync(`${DAEMON_JSON}.isocheck-tmp`, DAEMON_JSON);
  }
  if (!(runtimes() ?? []).includes('runsc') && engineAnswers()) {
    reloadDockerd();
    await waitFor(() => ((runtimes() ?? []).includes('runsc') ? true : undefined), 30_000, 250);
  }
}

/** Whatever happened, leave an engine that answers with runsc registered. */
async function ensureEngine(): Promise<void> {
  await restoreDaemonJson();
  if (!engineAnswers()) {
    if (dockerdPids().length === 0) await startDockerd();
    else await waitFor(() => (engineAnswers(3000) ? true : undefined), 60_000, 500);
  }
  await restoreDaemonJson();
  assert.ok(engineAnswers(), 'the engine answers again');
  assert.ok((runtimes() ?? []).includes('runsc'), 'runsc is registered again');
}

after(async () => {
  await ensureEngine();
  fs.rmSync(BACKUP, { force: true });
});

const oneLine = (s: string): string[] => s.trim().split('\n').filter((l) => l.trim() !== '');

for (const how of ['ISOCHECK_DOCKER=/nonexistent', 'PATH without docker'] as const) {
  test(`(a) docker CLI missing (${how}): exit 3, one line, within 2 s, reports written and marked environment-error`, () => {
    const dir = tempDir('nodocker');
    const json = path.join(dir, 'r.json');
    const junit = path.join(dir, 'r.xml');
    const env = how === 'PATH without docker' ? { PATH: path.join(dir, 'empty-bin'), ISOCHECK_DOCKER: '' } : { ISOCHECK_DOCKER: '/nonexistent/docker' };
    fs.mkdirSync(path.join(dir, 'empty-bin'));
    const r = runCli(['run', REFERENCE, '--json', json, '--junit', junit], { env });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(oneLine(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, /docker CLI.*\[docker-not-found\]/);
    assert.ok(r.ms < 5000, `took ${r.ms} ms (at once: well before the 10 s engine timeout)`);
    const rep = readJson<RunResult>(json);
    assert.equal(rep?.status, 'environment-error');
    assert.match(rep?.environment.engineError ?? '', /docker/);
    const xml = fs.readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuites[^>]*errors="1"|<error /, 'the JUnit report counts the scenario as an error');
    assert.match(xml, /docker CLI/);
    console.log(`environment-faults: docker CLI missing (${how}): exit ${r.code} in ${r.ms} ms, ${oneLine(r.stderr).length} line: ${oneLine(r.stderr)[0] ?? ''}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test('(b) engine stopped before the run: exit 3 with one line; dockerd restarted', { timeout: 300_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('nodaemon');
  const json = path.join(dir, 'r.json');
  let stopMs: number | undefined;
  let startMs: number | undefined;
  let r;
  try {
    stopMs = await stopDockerd();
    r = runCli(['run', REFERENCE, '--json', json]);
  } finally {
    startMs = await startDockerd().catch(async () => {
      await ensureEngine();
      return -1;
    });
    await ensureEngine();
  }
  assert.equal(r.code, 3, r.stderr);
  assert.equal(oneLine(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /engine is not reachable.*\[engine-unreachable\]/);
  assert.ok(r.ms < 5000, `took ${r.ms} ms (at once: well before the 10 s engine timeout)`);
  assert.equal(readJson<RunResult>(json)?.status, 'environment-error');
  console.log(`environment-faults: engine stopped before the run (dockerd took ${stopMs} ms to stop, ${startMs} ms to answer again): exit ${r.code} in ${r.ms} ms: ${oneLine(r.stderr)[0] ?? ''}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('(c) engine stopped in the middle of a run: exit 3, one line about the engine, report says so; clean removes what was left', { timeout: 300_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('midrun');
  const file = path.join(dir, 'midrun.yaml');
  // The command step waits until the engine is gone, so the next step meets a stopped engine.
  fs.writeFileSync(file, [
    'name: engine goes away',
    'description: the engine stops after the first container started',
    `vars: { image: ${IMAGE} }`,
    'steps:',
    '  - { id: a, kind: run, image: "${image}", command: [sleep, "600"], isolation: process }',
    '  - { id: wait, kind: command, command: [sh, -c, "until ! docker info >/dev/null 2>&1; do sleep 0.2; done"], timeout: 120s }',
    '  - { id: top, kind: top, container: a }',
  ].join('\n'));
  const json = path.join(dir, 'r.json');
  const { child, done } = startCli(['run', file, '--renderer', 'plain', '--json', json]);
  const pid = child.pid ?? -1;
  let r;
  let left: string[] | undefined;
  try {
    const started = await waitFor(() => (containersWith(`io.isocheck.pid=${pid}`).length > 0 ? true : undefined), 60_000, 100);
    assert.ok(started, 'the first container started');
    await stopDockerd();
    r = await done;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await ensureEngine();
  }
  const lines = oneLine(r.stderr).filter((l) => /engine/i.test(l) && /^isocheck:/.test(l));
  const rep = readJson<RunResult>(json);
  try {
    assert.equal(r.code, 3, r.stderr);
    assert.equal(lines.length, 1, `one line about the engine:\n${r.stderr}`);
    assert.match(lines[0] ?? '', /engine stopped answering.*\[engine-unreachable\]/);
    assert.ok(rep, 'the JSON report is written');
    const errors = rep.scenarios.flatMap((s) => [...s.steps.map((st) => st.error?.message ?? ''), ...s.cleanup.errors]).join('\n');
    assert.match(errors, /Cannot connect to the Docker daemon|Is the docker daemon running/, 'the report says the engine went away');
    assert.notEqual(rep.status, 'passed');
  } finally {
    // After the restart: the containers the run could not remove are found by label and removed.
    await delay(500);
    left = containersWith(`io.isocheck.pid=${pid}`);
    const c = runCli(['clean']);
    const removed = new Set([...c.stdout.matchAll(/^removed \S+ \(([0-9a-f]{12}),/gm)].map((m) => m[1]));
    const still = containersWith(`io.isocheck.pid=${pid}`);
    removeOwn(still);
    assert.equal(c.code, 0, c.stderr);
    for (const id of left) assert.ok(removed.has(id.slice(0, 12)), `clean removed ${id}:\n${c.stdout}`);
    assert.deepEqual(still, [], 'nothing of the run is left after clean');
  }
  console.log(`environment-faults: engine stopped mid-run: exit ${r.code}, report status ${rep.status}, "${lines[0] ?? ''}"; after restart, clean removed the ${left?.length ?? 0} container(s) left`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('(d) runsc not registered: the reference scenario is skipped naming gVisor/runsc (exit 0); --fail-on-skip exits 3', { timeout: 300_000 }, async (t) => {
  if (!requireEngine(t)) return;
  assert.ok(ORIGINAL_DAEMON_JSON !== undefined, `${DAEMON_JSON} exists`);
  const hasFailOnSkip = /--fail-on-skip/.test(runCli(['run', '--help']).stdout);
  const dir = tempDir('norunsc');
  const json = path.join(dir, 'r.json');
  let plain;
  let strict;
  try {
    const cfg = JSON.parse(ORIGINAL_DAEMON_JSON.toString('utf8')) as { runtimes?: Record<string, unknown> };
    delete cfg.runtimes?.runsc;
    fs.writeFileSync(`${DAEMON_JSON}.isocheck-tmp`, `${JSON.stringify(cfg, null, 2)}\n`);
    fs.renameSync(`${DAEMON_JSON}.isocheck-tmp`, DAEMON_JSON);
    reloadDockerd();
    const gone = await waitFor(() => (runtimes()?.includes('runsc') === false ? true : undefined), 30_000, 250);
    assert.ok(gone, 'runsc unregistered after SIGHUP');
    plain = runCli(['run', REFERENCE, '--renderer', 'plain', '--json', json]);
    if (hasFailOnSkip) strict = runCli(['run', REFERENCE, '--renderer', 'plain', '--fail-on-skip']);
  } finally {
    await restoreDaemonJson();
    await ensureEngine();
  }
  assert.ok(fs.readFileSync(DAEMON_JSON).equals(ORIGINAL_DAEMON_JSON), 'daemon.json restored byte for byte');
  assert.ok((runtimes() ?? []).includes('runsc'), 'runsc is back');
  assert.equal(plain.code, 0, plain.stderr);
  const rep = readJson<RunResult>(json);
  const s = rep?.scenarios[0];
  assert.equal(s?.status, 'skipped');
  assert.match(s?.skipReason ?? '', /gVisor|runsc/i);
  if (strict) {
    assert.equal(strict.code, 3, strict.stderr);
    assert.match(strict.stderr, /skipped/);
  } else t.diagnostic('isocheck run has no --fail-on-skip: only the skip was checked');
  console.log(`environment-faults: runsc unregistered: reference scenario skipped ("${s?.skipReason ?? ''}"), exit ${plain.code}${strict ? `; with --fail-on-skip exit ${strict.code}` : '; --fail-on-skip not available'}; daemon.json restored and runsc back`);
  fs.rmSync(dir, { recursive: true, force: true });
});
