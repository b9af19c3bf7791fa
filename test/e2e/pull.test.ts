// The pull phase against the real engine (no registry here: isocheck/busybox:local exists only
// locally). Each scenario file is written to a temp folder and run through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { IMAGE, isocheckContainers, requireEngine } from '../helpers/engine.js';

const ABSENT = `isocheck/absent-${process.pid}:none`;

function scenarioFile(image: string, pull?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-pull-'));
  const f = path.join(dir, 'pull.yaml');
  fs.writeFileSync(f, [
    'name: pull policy', 'description: the pull phase', 'steps:',
    `  - { id: c, kind: run, image: "${image}", command: [sleep, "30"]${pull ? `, pull: ${pull}` : ''} }`,
    '  - { kind: remove, container: c }', '',
  ].join('\n'));
  return f;
}

function report(f: string): { scenarios: { status: string; skipReason?: string; steps: { commands: { argv: string[] }[] }[] }[] } {
  return JSON.parse(fs.readFileSync(f, 'utf8')) as never;
}

test('a present local image (pull: missing, the default) is not pulled, and docker run gets --pull=never', (t) => {
  if (!requireEngine(t)) return;
  const f = scenarioFile(IMAGE);
  const json = path.join(path.dirname(f), 'r.json');
  const r = runCli(['run', f, '--renderer', 'plain', '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /pulled|docker pull/);
  const run = report(json).scenarios[0]?.steps[0]?.commands[0]?.argv ?? [];
  assert.ok(run.includes('--pull=never'), run.join(' '));
});

test('an absent image with pull: never skips the scenario, naming the docker pull command', (t) => {
  if (!requireEngine(t)) return;
  const r = runCli(['run', scenarioFile(ABSENT, 'never'), '--renderer', 'plain']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`skipped: image ${ABSENT} is not present and its run step says pull: never; pull it first: docker pull ${ABSENT}`));
  assert.match(r.stderr, /0 passed, 0 failed, 1 skipped/);
});

test('an absent image with pull: missing is pulled once, fails (no registry here) and the scenario errors clearly, leaving no container', (t) => {
  if (!requireEngine(t)) return;
  const f = scenarioFile(ABSENT, 'missing');
  const json = path.join(path.dirname(f), 'r.json');
  const r = runCli(['run', f, '--renderer', 'plain', '--json', json, '--pull-timeout', '2m']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`✖ docker pull ${ABSENT} failed: `));
  const sc = report(json).scenarios[0];
  assert.equal(sc?.status, 'error');
  assert.match(sc?.skipReason ?? '', new RegExp(`not run: docker pull ${ABSENT} failed`));
  assert.deepEqual(sc?.steps, [], 'no docker run was attempted');
  assert.deepEqual(isocheckContainers().filter((c) => c.includes('pull')), []);
});

test('--pull-timeout takes a duration; a bad one is a usage error (exit 2) before anything runs', (t) => {
  if (!requireEngine(t)) return;
  const r = runCli(['run', scenarioFile(IMAGE), '--pull-timeout', 'soon']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--pull-timeout takes a duration/);
});
