// Claims, onFailure: continue and knownDeviation on the real engine (runc and runsc): a scenario
// that fails one claim and runs the independent rest, a known gVisor deviation (dmesg shows
// gVisor's own log, not the kernel's), an unexpected pass, and --strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { IMAGE, isocheckContainers, requireEngine } from '../helpers/engine.js';
import type { RunResult, StepResult } from '../../src/execute/results.js';

const PAGE = 'https://gvisor.dev/docs/architecture_guide/intro/';

function write(name: string, yaml: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-e2e-claims-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, yaml);
  return { dir, file };
}

const read = (file: string): RunResult => JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;

function step(rep: RunResult, id: string): StepResult {
  const s = rep.scenarios[0]?.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id}`);
  return s;
}

const CONTINUE = `
name: continue after a failed claim
description: One claim fails; the steps that do not depend on it still run.
source:
  url: ${PAGE}
  quote: "gVisor intercepts application system calls and acts as the guest kernel."
onFailure: continue
steps:
  - { kind: run, id: box, image: ${IMAGE}, command: [sleep, "120"] }
  - kind: run
    id: bad
    image: ${IMAGE}
    command: [sleep, "120"]
    claim: The engine answers a detached run with exit code 7.
    expect: [{ exitCode: 7 }]
  - { kind: exec, id: in-bad, container: bad, command: [hostname] }
  - kind: exec
    id: says
    container: box
    command: [echo, hello]
    claim: { text: "The container greets in French.", url: "https://example.org/page#:~:text=greets" }
    expect: [{ output: { contains: bonjour } }]
    capture: { word: stdout }
  - { kind: exec, id: uses-word, container: box, command: [echo, "\${word}"] }
  - kind: exec
    id: independent
    container: box
    command: [echo, independent]
    expect: [{ output: { contains: independent } }]
`;

const DEVIATION = `
name: gVisor's dmesg
description: A page says dmesg shows the host kernel's log; under gVisor it shows gVisor's own.
source:
  url: ${PAGE}
  quote: "dmesg shows the kernel's ring buffer."
steps:
  - { kind: run, id: sbx, image: ${IMAGE}, isolation: sandbox, command: [sleep, "120"] }
  - kind: exec
    id: dmesg
    container: sbx
    command: [dmesg]
    claim: dmesg shows the kernel's ring buffer.
    knownDeviation: gVisor is the guest kernel; its dmesg is gVisor's own log
    expect: [{ output: { notContains: "Starting gVisor" } }]
  - kind: exec
    id: after
    container: sbx
    command: [echo, still here]
    expect: [{ output: { contains: still here } }]
`;

test('onFailure: continue runs the independent steps and names the failed step for the dependent ones', (t) => {
  if (!requireEngine(t)) return;
  const { dir, file } = write('continue.yaml', CONTINUE);
  const json = path.join(dir, 'r.json');
  const junit = path.join(dir, 'r.xml');
  const md = path.join(dir, 'r.md');
  const r = runCli(['run', file, '--json', json, '--junit', junit, '--markdown', md, '--renderer', 'plain']);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /^0 passed, 1 failed, 0 skipped \(/m);
  const rep = read(json);
  assert.equal(rep.scenarios[0]?.status, 'failed');
  assert.equal(step(rep, 'box').status, 'passed');
  assert.equal(step(rep, 'bad').status, 'failed');
  assert.equal(step(rep, 'in-bad').status, 'skipped');
  assert.deepEqual(step(rep, 'in-bad').notes, ['not run: depends on step 2 (bad), which failed']);
  assert.equal(step(rep, 'says').status, 'failed');
  assert.deepEqual(step(rep, 'uses-word').notes, ['not run: depends on step 4 (says) for ${word}, which failed']);
  assert.equal(step(rep, 'independent').status, 'passed', 'a step that depends on nothing failed runs');
  // The failing steps print their claims and links: terminal, JUnit, Markdown.
  assert.match(r.stderr, /claim: "The engine answers a detached run with exit code 7\." — https:\/\/gvisor\.dev\/docs\/architecture_guide\/intro\/#:~:text=The%20engine%20answers%20a%20detached%20run%20with%20exit%20code%207\./);
  assert.match(r.stderr, /claim: "The container greets in French\." — https:\/\/example\.org\/page#:~:text=greets/);
  const xml = fs.readFileSync(junit, 'utf8');
  assert.match(xml, /<failure message="expected output that contains &quot;bonjour&quot;[^"]*\| claim: &quot;The container greets in French\.&quot; — https:\/\/example\.org\/page#:~:text=greets"/);
  assert.match(xml, /<skipped message="not run: depends on step 2 \(bad\), which failed"\/>/);
  assert.match(xml, /exit code: 0<\/system-out>/);
  const text = fs.readFileSync(md, 'utf8');
  assert.match(text, /> gVisor intercepts application system calls and acts as the guest kernel\./);
  assert.match(text, /Claim: “The container greets in French\.” — \[on the page\]\(https:\/\/example\.org\/page#:~:text=greets\)/);
  // Cleanup removed both containers, though the scenario failed twice.
  assert.deepEqual(rep.scenarios[0]?.cleanup, { removed: rep.scenarios[0]?.containers.map((c) => c.id), errors: [] });
  assert.deepEqual(isocheckContainers(rep.runId), []);
});

test('plan shows onFailure, claims, deviations and each step\'s dependencies', (t) => {
  if (!requireEngine(t)) return;
  const { file } = write('continue.yaml', CONTINUE);
  const r = runCli(['plan', file]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.ok(lines.includes('  on failure: continue (a step runs unless it depends on a step that failed or did not run)'), r.stdout);
  assert.ok(lines.includes('     claim: "The container greets in French." — https://example.org/page#:~:text=greets'), r.stdout);
  assert.ok(lines.includes('     depends on: step 1 (box): container, step 4 (says): ${word}'), r.stdout);
  const dev = runCli(['plan', write('deviation.yaml', DEVIATION).file]);
  assert.ok(dev.stdout.split('\n').includes('     known deviation: gVisor is the guest kernel; its dmesg is gVisor\'s own log'), dev.stdout);
});

test('a knownDeviation that deviates passes with its own line; --strict fails it', (t) => {
  if (!requireEngine(t)) return;
  const { dir, file } = write('deviation.yaml', DEVIATION);
  const json = path.join(dir, 'r.json');
  const junit = path.join(dir, 'r.xml');
  const r = runCli(['run', file, '--json', json, '--junit', junit, '--renderer', 'plain']);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  // The summary line keeps its form; the deviations have their own line right after it.
  const lines = r.stderr.split('\n');
  const at = lines.findIndex((l) => /^1 passed, 0 failed, 0 skipped \(/.test(l));
  assert.ok(at >= 0, r.stderr);
  assert.equal(lines[at + 1], '1 known deviation (not failures): gVisor\'s dmesg › dmesg: exec dmesg: gVisor is the guest kernel; its dmesg is gVisor\'s own log');
  const rep = read(json);
  assert.equal(rep.scenarios[0]?.status, 'passed');
  assert.equal(rep.totals.deviations, 1);
  const d = step(rep, 'dmesg');
  assert.equal(d.status, 'deviation');
  assert.deepEqual(d.knownDeviation, { reason: 'gVisor is the guest kernel; its dmesg is gVisor\'s own log', outcome: 'deviation' });
  assert.match(d.output, /Starting gVisor/, 'really ran on gVisor');
  assert.equal(step(rep, 'after').status, 'passed', 'a deviation does not stop the scenario');
  assert.match(fs.readFileSync(junit, 'utf8'), /<skipped message="known deviation: gVisor is the guest kernel; its dmesg is gVisor&apos;s own log">/);
  assert.deepEqual(isocheckContainers(rep.runId), []);

  const s = runCli(['run', file, '--strict', '--json', json, '--renderer', 'plain']);
  assert.equal(s.code, 1, `exit ${s.code}\n${s.stderr}`);
  assert.match(s.stderr, /^0 passed, 1 failed, 0 skipped \(/m);
  assert.match(s.stderr, /known deviation, a failure under --strict: gVisor is the guest kernel/);
  assert.match(s.stderr, /^1 known deviation \(failures under --strict\): /m);
  assert.equal(step(read(json), 'dmesg').status, 'failed');
});

test('a knownDeviation whose expectations pass is an unexpected pass: a failure that says to remove the marker', (t) => {
  if (!requireEngine(t)) return;
  // Under gVisor, dmesg does not show the host kernel's version: the marked expectation passes.
  const { dir, file } = write('xpass.yaml', DEVIATION.replace('notContains: "Starting gVisor"', 'notContains: "Linux version"'));
  const json = path.join(dir, 'r.json');
  const junit = path.join(dir, 'r.xml');
  const r = runCli(['run', file, '--json', json, '--junit', junit, '--renderer', 'plain']);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  const rep = read(json);
  const d = step(rep, 'dmesg');
  assert.match(d.output, /Starting gVisor/);
  assert.equal(d.status, 'failed');
  assert.equal(d.knownDeviation?.outcome, 'unexpected-pass');
  assert.match(r.stderr, /unexpected pass: the step is marked knownDeviation \(gVisor is the guest kernel; its dmesg is gVisor's own log\) but every expectation passed; remove knownDeviation/);
  assert.match(fs.readFileSync(junit, 'utf8'), /<failure message="unexpected pass: [^"]*remove knownDeviation[^"]*" type="unexpected-pass">/);
  assert.deepEqual(isocheckContainers(rep.runId), []);
});
