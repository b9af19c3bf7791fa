// Interrupts and crashes never leave containers behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, startCli } from '../helpers/cli.js';
import { waitUntil } from '../helpers/wait.js';
import { docker, isocheckContainers, requireEngine, sandboxesOf } from '../helpers/engine.js';

const SLOW = `
name: slow
description: starts two containers, then waits long enough to be interrupted
vars: { image: isocheck/busybox:local }
steps:
  - { id: a, kind: run, image: "\${image}", command: [sleep, "600"], isolation: process }
  - { id: b, kind: run, image: "\${image}", command: [sleep, "600"], isolation: sandbox }
  - { id: wait, kind: command, command: [sleep, "120"], timeout: 5m }
`;

function slowScenario(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-int-'));
  const f = path.join(dir, 'slow.yaml');
  fs.writeFileSync(f, SLOW);
  return f;
}

function runIdOf(id: string): string {
  return docker(['inspect', '-f', '{{index .Config.Labels "io.isocheck.run"}}', id]).stdout.trim();
}

/** Start the slow scenario and wait until both of its containers exist. */
async function startSlowRun(): Promise<{ child: ReturnType<typeof startCli>['child']; done: ReturnType<typeof startCli>['done']; ids: string[] }> {
  const before = new Set(isocheckContainers());
  const { child, done } = startCli(['run', slowScenario(), '--renderer', 'plain']);
  const ids = await waitUntil(() => {
    const now = isocheckContainers().filter((c) => !before.has(c));
    return now.length >= 2 ? now : undefined;
  }, 60_000);
  return { child, done, ids };
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  test(`${sig} in the middle of a run removes this run's containers and exits ${sig === 'SIGINT' ? 130 : 143}`, async (t) => {
    if (!requireEngine(t)) return;
    const { child, done, ids } = await startSlowRun();
    const runId = runIdOf(ids[0] ?? '');
    assert.ok(runId);
    child.kill(sig);
    const r = await done;
    assert.equal(r.code, sig === 'SIGINT' ? 130 : 143, r.stderr);
    assert.deepEqual(isocheckContainers(runId), [], 'no container with this run label is left');
    assert.deepEqual(sandboxesOf(ids), [], 'no runsc sandbox of this run is left');
    assert.match(r.stderr, /interrupted/i);
  });
}

test('isocheck clean removes what a SIGKILLed run left', async (t) => {
  if (!requireEngine(t)) return;
  const { child, done, ids } = await startSlowRun();
  child.kill('SIGKILL');
  await done;
  assert.equal(isocheckContainers().filter((c) => ids.includes(c)).length, 2, 'SIGKILL leaves the containers');
  const r = runCli(['clean']);
  assert.equal(r.code, 0, r.stderr);
  for (const id of ids) assert.match(r.stdout, new RegExp(`removed .*${id.slice(0, 12)}`));
  assert.deepEqual(isocheckContainers().filter((c) => ids.includes(c)), []);
  assert.deepEqual(sandboxesOf(ids), []);
});
