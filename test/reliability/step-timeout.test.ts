// A step that hangs is killed at its timeout with its whole process tree, reports error code
// "timeout", and the scenario's containers are still removed (exit 1). Two shapes:
//   - a host `command` whose shell starts background sleeps (one of them ignoring SIGTERM, so the
//     SIGKILL that follows the grace period is needed) and then waits;
//   - an `exec` that hangs inside a container (runc and gVisor): the docker exec CLI is killed and
//     the process inside goes with the container.
// A killed process may linger as a zombie (state Z) until its parent reaps it: Z counts as gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult, StepResult } from '../../src/execute/results.js';
import { runCli, startCli } from '../helpers/cli.js';
import { IMAGE, isocheckContainers, requireEngine } from '../helpers/engine.js';
import { delay, processesWhere, readJson, tempDir, waitFor } from './support.js';

const TIMEOUT_MS = 2000;
const GONE_WITHIN_MS = 3000;

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function stepOf(rep: RunResult, id: string): StepResult {
  const s = rep.scenarios[0]?.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id}`);
  return s;
}

test('a hanging command step is killed at its timeout with its whole process tree', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('timeout');
  const pidfile = path.join(dir, 'pids');
  const file = path.join(dir, 'hang.yaml');
  // $! and $$ are the shell's (isocheck interpolates only ${...}); "$1" is the pid file.
  const script = [
    'sleep 300 & echo $! >> "$1"',
    'sleep 300 & echo $! >> "$1"',
    '(trap "" TERM; exec sleep 300) & echo $! >> "$1"',
    'echo $$ >> "$1"',
    'wait',
  ].join('; ');
  fs.writeFileSync(file, [
    'name: hanging command',
    'description: a command step that never ends',
    `vars: { image: ${IMAGE}, pidfile: ${JSON.stringify(pidfile)} }`,
    'steps:',
    '  - { id: c, kind: run, image: "${image}", command: [sleep, "600"], isolation: process }',
    `  - id: hang\n    kind: command\n    timeout: ${TIMEOUT_MS / 1000}s\n    command: [sh, -c, ${JSON.stringify(script)}, sh, "\${pidfile}"]`,
    '  - { id: never, kind: command, command: ["true"] }',
  ].join('\n'));
  const json = path.join(dir, 'r.json');
  const { done } = startCli(['run', file, '--renderer', 'plain', '--json', json]);
  // Watch the tree while the CLI runs: when did its last process die?
  let finished = false;
  let lastAlive = 0;
  const watcher = (async () => {
    while (!finished) {
      const ps = fs.existsSync(pidfile) ? fs.readFileSync(pidfile, 'utf8').split('\n').filter((l) => l !== '').map(Number) : [];
      if (ps.some(alive)) lastAlive = Date.now();
      await delay(25);
    }
  })();
  const r = await done;
  const exitedAt = Date.now();
  finished = true;
  await watcher;
  const rep = readJson<RunResult>(json);
  assert.ok(rep, r.stderr);
  assert.equal(r.code, 1, r.stderr);
  const hang = stepOf(rep, 'hang');
  assert.equal(hang.status, 'error');
  assert.equal(hang.error?.code, 'timeout', JSON.stringify(hang.error));
  assert.equal(stepOf(rep, 'never').status, 'skipped');
  const timedOutAt = Date.parse(hang.startedAt) + TIMEOUT_MS;
  const pids = fs.readFileSync(pidfile, 'utf8').split('\n').filter((l) => l !== '').map(Number);
  assert.equal(pids.length, 4, 'three sleeps and their shell wrote their PIDs');
  let goneAt = lastAlive;
  while (pids.some(alive) && Date.now() - timedOutAt < GONE_WITHIN_MS + 5000) {
    await delay(25);
    goneAt = Date.now();
  }
  const left = pids.filter(alive);
  assert.deepEqual(left, [], `processes of the timed-out step still alive ${goneAt - timedOutAt} ms after the timeout`);
  assert.ok(goneAt - timedOutAt <= GONE_WITHIN_MS, `the tree was gone ${goneAt - timedOutAt} ms after the timeout (limit ${GONE_WITHIN_MS})`);
  assert.deepEqual(isocheckContainers(rep.runId), [], 'the scenario\'s containers are removed');
  assert.equal(rep.scenarios[0]?.cleanup.removed.length, 1);
  console.log(`step-timeout: command step timed out after ${hang.durationMs} ms (timeout ${TIMEOUT_MS} ms; one sleep ignores SIGTERM), its ${pids.length} processes were gone ${Math.max(0, goneAt - timedOutAt)} ms after the timeout (CLI exited ${exitedAt - timedOutAt} ms after it), exit ${r.code}, containers left 0`);
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const isolation of ['process', 'sandbox'] as const) {
  test(`an exec step hanging inside a ${isolation === 'process' ? 'runc' : 'gVisor'} container times out and the container is removed`, { timeout: 120_000 }, async (t) => {
    if (!requireEngine(t)) return;
    const dir = tempDir('exec-timeout');
    const file = path.join(dir, 'hang.yaml');
    fs.writeFileSync(file, [
      'name: hanging exec',
      'description: an exec step that never ends',
      `vars: { image: ${IMAGE} }`,
      'steps:',
      `  - { id: c, kind: run, image: "\${image}", command: [sleep, "600"], isolation: ${isolation} }`,
      `  - { id: hang, kind: exec, container: c, command: [sleep, "300"], timeout: ${TIMEOUT_MS / 1000}s }`,
    ].join('\n'));
    const json = path.join(dir, 'r.json');
    const r = runCli(['run', file, '--renderer', 'plain', '--json', json]);
    const rep = readJson<RunResult>(json);
    assert.ok(rep, r.stderr);
    assert.equal(r.code, 1, r.stderr);
    const hang = stepOf(rep, 'hang');
    assert.equal(hang.status, 'error');
    assert.equal(hang.error?.code, 'timeout', JSON.stringify(hang.error));
    assert.ok(hang.durationMs < TIMEOUT_MS + GONE_WITHIN_MS, `the step ended ${hang.durationMs} ms after it started`);
    const id = rep.scenarios[0]?.containers[0]?.id ?? '';
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.deepEqual(isocheckContainers(rep.runId), [], 'the scenario\'s containers are removed');
    assert.deepEqual(processesWhere((c) => c.startsWith('docker exec') && c.includes(id)), [], 'no docker exec CLI left');
    const runtime = await waitFor(() => (processesWhere((c) => c.includes(id) && /runsc|containerd-shim/.test(c)).length === 0 ? [] : undefined), 3000);
    assert.deepEqual(runtime, [], 'no runtime process (shim, runsc) of the container left');
    console.log(`step-timeout: exec in ${isolation} container timed out after ${hang.durationMs} ms, error ${hang.error?.code}, exit ${r.code}, containers left 0`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
