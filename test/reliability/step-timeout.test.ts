// A step that hangs is killed at its timeout with its whole process tree, reports error code
// "timeout", and the scenario's containers are still removed (exit 1). Two shapes:
//   - a host `command` whose shell starts background sleeps (one of them ignoring SIGTERM, so the
//     SIGKILL that follows the grace period is needed) and then waits;
//   - an `exec` that hangs inside a container (runc and gVisor): the docker exec CLI is killed and
//     the process inside goes with the container.
// A killed process may linger as a zombie (state Z) until its parent reaps it: Z counts as gone.
// Then the escaping-children class: descendants that leave the process group and session (setsid,
// a double-fork daemon), a backgrounded process with its output elsewhere, an escaped process that
// ignores SIGTERM. Each runs through a real `isocheck run` with `timeout: 2s`: the step ends within
// the timeout plus the spawn's grace, and when the run is over none of its processes remains (by
// PID; the run's cgroup is gone). With ISOCHECK_CGROUP=off only the time bound holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult, StepResult } from '../../src/execute/results.js';
import { TIMEOUT_GRACE_MS } from '../../src/execute/spawn.js';
import { runCli, startCli } from '../helpers/cli.js';
import { IMAGE, isocheckContainers, requireEngine } from '../helpers/engine.js';
import { alive, goneWithin, killPids, pidsOf } from '../helpers/processes.js';
import { delay, processesWhere, readJson, tempDir, waitFor } from './support.js';

const TIMEOUT_MS = 2000;
const GONE_WITHIN_MS = 3000;

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

/** Hostile command steps ("$1" is the pid file); `holds` says whether it keeps the output pipe open (then it times out). */
const ESCAPING: { name: string; holds: boolean; script: string }[] = [
  { name: 'setsid sleep 15 & echo started', holds: true, script: `setsid sh -c 'echo $$ >> "$1"; exec sleep 15' sh "$1" & echo started` },
  { name: 'sleep 300 >/dev/null 2>&1 &', holds: false, script: 'sleep 300 >/dev/null 2>&1 & echo $! >> "$1"' },
  { name: 'double-fork daemon (fork, setsid, fork, fds closed)', holds: false, script: `(setsid sh -c '(exec sleep 300) </dev/null >/dev/null 2>&1 & echo $! >> "$1"' sh "$1" &) </dev/null >/dev/null 2>&1` },
  { name: 'escaped child ignoring SIGTERM, holding stdout', holds: true, script: `setsid sh -c 'trap "" TERM; echo $$ >> "$1"; exec sleep 300' sh "$1" & echo started` },
];

/** Where the run's cgroup would be, in whichever hierarchy isocheck used. */
const cgroupDirs = (runId: string): string[] => ['/sys/fs/cgroup', '/sys/fs/cgroup/unified', '/sys/fs/cgroup/pids'].map((d) => path.join(d, `isocheck-${runId}`));

for (const cgroup of ['auto', 'off'] as const) {
  test(`escaping children, timeout 2s (ISOCHECK_CGROUP=${cgroup}): each step ends within timeout + grace${cgroup === 'auto' ? ' and nothing of the run remains' : ''}`, { timeout: 180_000 }, async (t) => {
    if (!requireEngine(t)) return;
    const cgroupUsable = process.getuid?.() === 0 && fs.existsSync('/sys/fs/cgroup');
    const lines: string[] = [];
    for (const h of cgroup === 'off' ? ESCAPING.filter((x) => x.holds) : ESCAPING) {
      const dir = tempDir('escape');
      const pidfile = path.join(dir, 'pids');
      const file = path.join(dir, 'escape.yaml');
      fs.writeFileSync(file, [
        'name: escaping children',
        'description: a command step whose descendants try to outlive it',
        `vars: { pidfile: ${JSON.stringify(pidfile)} }`,
        'steps:',
        `  - id: hostile\n    kind: command\n    timeout: ${TIMEOUT_MS / 1000}s\n    command: [sh, -c, ${JSON.stringify(h.script)}, sh, "\${pidfile}"]`,
      ].join('\n'));
      const json = path.join(dir, 'r.json');
      const r = runCli(['run', file, '--renderer', 'plain', '--json', json], { env: { ISOCHECK_CGROUP: cgroup } });
      const pids = pidsOf(pidfile);
      t.after(() => killPids(pids));
      const rep = readJson<RunResult>(json);
      assert.ok(rep, r.stderr);
      const step = stepOf(rep, 'hostile');
      assert.equal(pids.length, 1, `${h.name}: the escaped process wrote its PID`);
      if (h.holds) {
        assert.equal(r.code, 1, r.stderr);
        assert.equal(step.error?.code, 'timeout', `${h.name}: ${JSON.stringify(step.error)}`);
      } else {
        assert.equal(r.code, 0, r.stderr);
        assert.equal(step.status, 'passed', h.name);
      }
      assert.ok(step.durationMs <= TIMEOUT_MS + TIMEOUT_GRACE_MS, `${h.name}: the step took ${step.durationMs} ms (limit ${TIMEOUT_MS + TIMEOUT_GRACE_MS})`);
      const left = pids.filter(alive);
      if (cgroup === 'auto' && cgroupUsable) {
        assert.deepEqual(left, [], `${h.name}: processes of the run still alive after it exited`);
        assert.deepEqual(cgroupDirs(rep.runId).filter((d) => fs.existsSync(d)), [], `${h.name}: the run's cgroup is removed`);
        if (pids.length > 0 && !h.holds) assert.match(r.stderr, /killed 1 process\(es\) the run's commands left running/);
      }
      lines.push(`${h.name}: step ${Math.round(step.durationMs)} ms (${step.status}${step.error ? ` ${step.error.code}` : ''}), isocheck run ${r.ms} ms, left after the run: ${left.length}`);
      killPids(left);
      assert.deepEqual(await goneWithin(pids, 2000), []);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log(`step-timeout, escaping children, timeout ${TIMEOUT_MS} ms, ISOCHECK_CGROUP=${cgroup}${cgroupUsable ? '' : ' (no cgroup here)'}:\n  ${lines.join('\n  ')}`);
  });
}
