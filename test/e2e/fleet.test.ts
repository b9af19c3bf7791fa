// A fleet run over real targets: the local Docker engine, the second Docker engine (through its
// context) and rootful Podman. Every scenario on every target; the matrix in the terminal and four
// reports; one unreachable target is that target's environment error (exit 3) with the others'
// results intact; nothing is left on any target after a run, after SIGINT at random points, and
// after `clean --targets`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT, runCli, startCli } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { isocheckContainers, requireEngine } from '../helpers/engine.js';
import { E2_CONTEXT, e2, e2Containers, podman, podmanContainers, requirePodman, requireSecondEngine } from '../helpers/extra-engines.js';
import type { FleetResult } from '../../src/execute/fleet-result.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

function fleetFile(extra = ''): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-fleet-'));
  const file = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(file, `targets:
  - { name: local, engine: docker, context: default, tags: [this-host] }
  - { name: e2, engine: docker, context: ${E2_CONTEXT}, tags: [remote] }
  - { name: podman, engine: podman }
${extra}`);
  return { dir, file };
}

function leftovers(runId?: string): string[] {
  return [...isocheckContainers(runId), ...e2Containers(runId), ...podmanContainers(runId)];
}

/** Container ids named by runsc sandbox/gofer processes on this machine (any engine's). */
function sandboxIds(): Set<string> {
  const r = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  const ids = new Set<string>();
  for (const l of r.stdout.split('\n')) if (/runsc-(sandbox|gofer)/.test(l)) for (const m of l.matchAll(/\b[0-9a-f]{64}\b/g)) ids.add(m[0]);
  return ids;
}

/** Sandboxes whose container no engine knows any more: what an interrupted run could leave. */
function orphanSandboxes(known: ReadonlySet<string>): string[] {
  const live = new Set(leftovers().concat(
    spawnSync('docker', ['ps', '-aq', '--no-trunc'], { encoding: 'utf8' }).stdout.split('\n'),
    e2(['ps', '-aq', '--no-trunc']).stdout.split('\n'),
    podman(['ps', '-aq', '--no-trunc']).stdout.split('\n'),
  ));
  return [...sandboxIds()].filter((id) => !known.has(id) && !live.has(id));
}

function engines(t: Parameters<typeof requireEngine>[0]): boolean {
  return requireEngine(t) && requireSecondEngine(t) && requirePodman(t);
}

test('a fleet run over three real targets prints the matrix and writes all four reports', (t) => {
  if (!engines(t)) return;
  const { dir, file } = fleetFile();
  const out = { json: path.join(dir, 'f.json'), junit: path.join(dir, 'f.xml'), markdown: path.join(dir, 'f.md') };
  const r = runCli(['run', SCENARIO, '--targets', file, '--json', out.json, '--junit', out.junit, '--markdown', out.markdown], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  // The terminal matrix names every target, and the summary keeps its form.
  for (const name of ['local', 'e2', 'podman']) assert.match(r.stderr, new RegExp(`\\b${name}\\b`));
  assert.match(r.stderr, /^3 passed, 0 failed, 0 skipped/m);
  const rep = JSON.parse(fs.readFileSync(out.json, 'utf8')) as FleetResult;
  assert.equal(rep.kind, 'fleet');
  assert.deepEqual(rep.targets.map((x) => [x.target.name, x.result.status]), [['local', 'passed'], ['e2', 'passed'], ['podman', 'passed']]);
  assert.deepEqual(rep.targets.map((x) => x.result.environment.engine?.kind), ['docker', 'docker', 'podman']);
  assert.equal(rep.targets[1]?.result.environment.engine?.daemonHost, 'isocheck-e2');
  // The remote target's host view came from its probe container; the local ones from /proc.
  const hostView = (i: number) => rep.targets[i]?.result.scenarios[0]?.steps.find((s) => s.id === 'proc-host')?.view ?? '';
  assert.match(hostView(0), /\/proc/);
  assert.match(hostView(1), /probe container on e2/);
  const xml = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(out.junit, 'utf8')) as { testsuites: { testsuite: unknown[] | unknown } };
  const suites = ([] as unknown[]).concat(xml.testsuites.testsuite);
  assert.equal(suites.length, 3, 'one testsuite per target and scenario');
  const md = fs.readFileSync(out.markdown, 'utf8');
  const firstTable = md.indexOf('|');
  assert.ok(firstTable >= 0 && firstTable < md.indexOf('proc-host'), 'the matrix comes before the transcripts');
  assert.deepEqual(leftovers(rep.runId), []);
});

test('an unreachable target is its own environment error: exit 3, the others intact', (t) => {
  if (!engines(t)) return;
  const { dir, file } = fleetFile('  - { name: gone, host: "unix:///nonexistent/isocheck/docker.sock" }\n');
  const json = path.join(dir, 'f.json');
  const r = runCli(['run', SCENARIO, '--targets', file, '--json', json], { timeoutMs: 240_000 });
  assert.equal(r.code, 3, r.stderr);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as FleetResult;
  const by = Object.fromEntries(rep.targets.map((x) => [x.target.name, x.result]));
  assert.equal(by.local?.status, 'passed');
  assert.equal(by.e2?.status, 'passed');
  assert.equal(by.podman?.status, 'passed');
  assert.equal(by.gone?.status, 'environment-error');
  assert.match(by.gone?.environment.engineError ?? '', /nonexistent|connect/i);
  assert.match(r.stderr, /gone/);
  assert.deepEqual(leftovers(rep.runId), []);
});

test('SIGINT at random points of a fleet run leaves nothing on any target', async (t) => {
  if (!engines(t)) return;
  const { file } = fleetFile();
  const sandboxesBefore = sandboxIds();
  for (const delay of [300 + Math.floor(Math.random() * 700), 1000 + Math.floor(Math.random() * 1500), 2500 + Math.floor(Math.random() * 2000)]) {
    const before = new Set(leftovers());
    const { child, done } = startCli(['run', SCENARIO, '--targets', file, '--renderer', 'plain']);
    await new Promise((res) => setTimeout(res, delay));
    child.kill('SIGINT');
    const r = await done;
    // 130: interrupted; 0: it finished first; killed by the signal itself: it came while Node was
    // still loading isocheck, before the handler exists and before anything was started.
    const ok = r.code === 130 || r.code === 0 || (r.code === null && r.signal === 'SIGINT');
    assert.ok(ok, `SIGINT after ${delay} ms: exit ${r.code} signal ${r.signal}\n${r.stderr}`);
    assert.deepEqual(leftovers().filter((id) => !before.has(id)), [], `containers left after SIGINT at ${delay} ms`);
  }
  // Sandboxes take a moment to exit after their containers are removed; others' runs may start new
  // ones meanwhile, so only a sandbox whose container no engine knows counts as left behind.
  let orphans: string[] = [];
  for (let i = 0; i < 20; i++) {
    orphans = orphanSandboxes(sandboxesBefore);
    if (orphans.length === 0) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.deepEqual(orphans, [], 'no runsc sandbox left without its container');
});

test('clean --targets removes what a killed fleet run left on every target', async (t) => {
  if (!engines(t)) return;
  const { file } = fleetFile();
  const before = new Set(leftovers());
  const { child, done } = startCli(['run', SCENARIO, '--targets', file, '--renderer', 'plain']);
  // Kill once every target has a container of this run.
  const end = Date.now() + 60_000;
  while (Date.now() < end && !(isocheckContainers().some((c) => !before.has(c)) && e2Containers().some((c) => !before.has(c)) && podmanContainers().some((c) => !before.has(c)))) {
    await new Promise((res) => setTimeout(res, 50));
  }
  child.kill('SIGKILL');
  await done;
  assert.ok(leftovers().some((c) => !before.has(c)), 'SIGKILL leaves containers');
  const r = runCli(['clean', '--targets', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(leftovers().filter((c) => !before.has(c)), []);
});
