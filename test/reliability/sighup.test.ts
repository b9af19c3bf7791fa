// SIGHUP (a dropped SSH session or closed terminal) is an interrupt like SIGTERM: the run stops,
// kills its commands, removes its containers, writes reports marked interrupted and exits 129.
// And a signal that arrives while the engine is being detected is honoured at once: exit 128+n,
// an interrupted report, nothing started (the fake docker CLI here is a real script that hangs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { startCli } from '../helpers/cli.js';
import { IMAGE, requireEngine } from '../helpers/engine.js';
import { alive, goneWithin, killPids, pidsIn } from '../helpers/processes.js';
import { containersOfRunner, containersWith, readJson, removeOwn, STACK, tempDir, waitFor } from './support.js';

test('SIGHUP in the middle of a run: its container and its command are gone, report interrupted, exit 129', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('sighup');
  const pidfile = path.join(dir, 'pids');
  const file = path.join(dir, 'hup.yaml');
  fs.writeFileSync(file, [
    'name: hangup',
    'description: a container and a long command, then the terminal goes away',
    `vars: { image: ${IMAGE}, pidfile: ${JSON.stringify(pidfile)} }`,
    'steps:',
    '  - { id: c, kind: run, image: "${image}", command: [sleep, "600"], isolation: process }',
    '  - id: wait\n    kind: command\n    timeout: 5m\n    command: [sh, -c, \'echo $$ >> "$1"; exec sleep 120\', sh, "${pidfile}"]',
  ].join('\n'));
  const json = path.join(dir, 'r.json');
  const { child, done } = startCli(['run', file, '--renderer', 'plain', '--json', json]);
  const pid = child.pid ?? -1;
  const [cmd] = await pidsIn(pidfile, 1, 60_000);
  const containers = containersOfRunner(pid);
  assert.equal(containers.length, 1, 'the container runs');
  t.after(() => { killPids([cmd ?? 0]); removeOwn(containersWith(`io.isocheck.pid=${pid}`)); });
  assert.ok(alive(cmd ?? 0), 'the command runs');
  const t0 = Date.now();
  child.kill('SIGHUP');
  const r = await done;
  const stopMs = Date.now() - t0;
  assert.equal(r.code, 129, r.stderr);
  assert.doesNotMatch(r.stderr, STACK);
  const rep = readJson<RunResult>(json);
  assert.ok(rep, r.stderr);
  assert.equal(rep.status, 'interrupted');
  assert.equal(rep.interruptedBy, 'SIGHUP');
  assert.deepEqual(containersWith(`io.isocheck.run=${containers[0]?.run ?? ''}`), [], 'no container of the run is left');
  assert.deepEqual(await goneWithin([cmd ?? 0], 1000), [], 'the command is gone');
  console.log(`sighup: SIGHUP during a command step with a running container: exit ${r.code} after ${stopMs} ms, containers left 0, command gone`);
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const [sig, code] of [['SIGHUP', 129], ['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${sig} while the engine is being detected: exit ${code} at once, report interrupted, nothing started`, { timeout: 60_000 }, async (t) => {
    const dir = tempDir('detect-signal');
    const pidfile = path.join(dir, 'pids');
    const docker = path.join(dir, 'docker');
    // A docker CLI that never answers `docker info` (an engine behind a stalled SSH connection).
    fs.writeFileSync(docker, `#!/bin/sh\necho $$ >> "${pidfile}"\nexec sleep 60\n`, { mode: 0o755 });
    const scenario = path.join(dir, 's.yaml');
    fs.writeFileSync(scenario, 'name: never\ndescription: must not start\nsteps:\n  - { id: x, kind: command, command: ["true"] }\n');
    const json = path.join(dir, 'r.json');
    const { child, done } = startCli(['run', scenario, '--renderer', 'plain', '--json', json], { env: { ISOCHECK_DOCKER: docker } });
    const [fake] = await pidsIn(pidfile, 1, 20_000);
    t.after(() => killPids([fake ?? 0]));
    const t0 = Date.now();
    child.kill(sig);
    const r = await done;
    const ms = Date.now() - t0;
    assert.equal(r.code, code, r.stderr);
    assert.doesNotMatch(r.stderr, STACK);
    const rep = readJson<RunResult>(json);
    assert.ok(rep, r.stderr);
    assert.equal(rep.status, 'interrupted');
    assert.equal(rep.interruptedBy, sig);
    assert.equal(rep.scenarios[0]?.status, 'interrupted');
    assert.deepEqual(rep.scenarios[0]?.steps, [], 'no step ran');
    assert.ok(ms < 5000, `exited ${ms} ms after the signal (the engine timeout is 10 s)`);
    assert.deepEqual(await waitFor(() => (alive(fake ?? 0) ? undefined : []), 3000), [], 'the docker CLI is killed');
    console.log(`sighup: ${sig} during engine detection: exit ${r.code} after ${ms} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
