// The shipped Linux reference scenario through the real executor (runScenario), with the engine and
// the host's /proc replayed from recordings of the real engine on this project's machine (runc and
// gVisor runsc; how each was recorded: test/fixtures/recorded/README.md, "linux/replay/").
// What this proves: the exact commands run for a Linux engine, the runsc wrong-view fallback, and
// that the claim holds on the recorded world and fails for the right reason when the world differs.
// The scenario runs as runAll runs it: after the run-wide pull phase (prePull), through its run().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/execute/events.js';
import { prePull } from '../../src/execute/pull.js';
import { runScenario } from '../../src/execute/scenario.js';
import { HOST, REC, REFERENCE, RUN_HELP, RUN_ID, dockerRunArgv, imageInspect, hostView, planned, recordedEngine, shippedText, replaySpawn, rm, runscPs, worldScript } from '../helpers/replay.js';

const short = (id: string): string => id.slice(0, 12);

async function reference(host: readonly number[]) {
  const input = await planned(REFERENCE, shippedText());
  assert.equal(input.skipReason, undefined, 'the reference scenario can run on the recorded engine');
  const r = replaySpawn(worldScript(REFERENCE));
  const events: RunEvent[] = [];
  const o = {
    spawn: r.spawn, engine: await recordedEngine(), host: HOST, runId: RUN_ID, signal: new AbortController().signal,
    vars: {}, emit: (e: RunEvent) => events.push(e), pollMinMs: 10, pollMaxMs: 30, hostProcesses: hostView(host),
  };
  const result = await (await prePull([input], o)).run(input, runScenario);
  assert.deepEqual(r.unexpected, []);
  const step = (id: string) => result.steps.find((s) => s.id === id);
  return { result, calls: r.calls, events, step };
}

void test('reference scenario on the recorded runc/runsc world: passes, with the exact commands for a Linux engine', async () => {
  const { result, calls, step } = await reference(REC.host);
  const bad = result.steps.filter((s) => s.status !== 'passed').map((s) => `${s.id}: ${s.error?.message ?? s.expectations.find((e) => !e.passed)?.message}`);
  assert.deepEqual(bad, []);
  assert.equal(result.status, 'passed');
  assert.deepEqual(calls, [
    // the pull phase: the image is present (not pulled), and `docker run` has --pull (so --pull=never below)
    imageInspect(),
    RUN_HELP,
    dockerRunArgv({ file: REFERENCE, step: 'proc' }),
    ['docker', 'top', REC.runc],
    dockerRunArgv({ file: REFERENCE, step: 'sbx', flags: ['--runtime=runsc'] }),
    ['docker', 'top', REC.runsc],
    runscPs(REC.runsc),
    rm(REC.runc, REC.runsc),
  ]);
  assert.equal(step('proc-top')?.view, 'engine (docker top)');
  assert.equal(step('proc-top')?.captures.procPid, String(REC.runcPing));
  assert.equal(step('proc-host')?.expectations[1]?.message, `every host process with PID ${REC.runcPing} (at least one) to be owned by container proc (${short(REC.runc)}): PID ${REC.runcPing} ping 127.0.0.1 (owned by proc ${short(REC.runc)})`);
  // docker top of the gVisor container lists the HOST's PID 1 (recorded): the runtime's view replaces it.
  assert.equal(step('sbx-top')?.view, 'runtime (runsc ps)');
  assert.deepEqual(step('sbx-top')?.notes, [`engine top listed PIDs ${REC.init}, which are not this container's processes on the host; using the runtime (runsc ps) instead`]);
  assert.equal(step('sbx-top')?.captures.sbxPid, '1');
  assert.equal(step('sbx-top')?.commands[0]?.purpose, undefined);
  assert.equal(step('sbx-top')?.commands[1]?.purpose, 'runtime view');
  assert.match(step('sbx-host-ping')?.expectations[0]?.found ?? '', /^none$/);
  assert.ok((step('sbx-host-ping')?.expectations[0]?.attempts ?? 0) > 1, 'absence "for" is polled');
  assert.match(step('sbx-host-sandbox')?.expectations[0]?.found ?? '', /runsc-sandbox/);
  assert.deepEqual(result.cleanup, { removed: [REC.runc, REC.runsc], errors: [] });
});

void test('reference scenario: the runc ping absent from the host fails ownership (docker exec ps is the only view left)', async () => {
  const { result, calls, step } = await reference(REC.host.filter((p) => p !== REC.runcPing));
  assert.equal(result.status, 'failed');
  // docker top's PID is not a process of the container on this host: the container's own ps is used
  assert.deepEqual(calls.slice(0, 5), [imageInspect(), RUN_HELP, dockerRunArgv({ file: REFERENCE, step: 'proc' }), ['docker', 'top', REC.runc], ['docker', 'exec', REC.runc, 'ps']]);
  assert.equal(step('proc-top')?.view, 'container (docker exec ps)');
  assert.equal(step('proc-top')?.captures.procPid, '1');
  const failed = result.steps.filter((s) => s.status === 'failed');
  assert.deepEqual(failed.map((s) => s.id), ['proc-host']);
  const bad = failed[0]?.expectations.filter((e) => !e.passed) ?? [];
  assert.deepEqual(bad.map((e) => e.key), ['ownedBy']);
  assert.match(bad[0]?.message ?? '', /^expected every host process with PID 1 \(at least one\) to be owned by container proc \(.{12}\); found not owned by it: PID 1 \/process_api /);
  assert.deepEqual(result.steps.slice(3).map((s) => [s.id, s.status, s.notes[0]]), [
    ['sbx', 'skipped', 'not run: an earlier step did not pass'],
    ['sbx-top', 'skipped', 'not run: an earlier step did not pass'],
    ['sbx-host-ping', 'skipped', 'not run: an earlier step did not pass'],
    ['sbx-host-sandbox', 'skipped', 'not run: an earlier step did not pass'],
  ]);
  assert.deepEqual(calls.at(-1), rm(REC.runc), 'only the started container is removed');
});

void test('reference scenario: a ping of the gVisor container on the host fails the absence check', async () => {
  const { result, step } = await reference([...REC.host, REC.leakedPing]);
  assert.equal(result.status, 'failed');
  const st = step('sbx-host-ping');
  assert.equal(st?.status, 'failed');
  assert.equal(st?.expectations[0]?.passed, false);
  assert.equal(st?.expectations[0]?.message, `expected no host process of container sbx (${short(REC.runsc)}) named ping, for 150ms; found PID ${REC.leakedPing} /tmp/${st?.expectations[0]?.found.split('/tmp/')[1]}`);
  assert.match(st?.expectations[0]?.found ?? '', new RegExp(`^PID ${REC.leakedPing} /tmp/isocheck-replay-bin/ping 127\\.0\\.0\\.2 \\(owned by sbx ${short(REC.runsc)}\\)$`));
  assert.equal(step('sbx-host-sandbox')?.status, 'skipped');
  assert.deepEqual(result.cleanup.removed, [REC.runc, REC.runsc]);
});

void test('the runner\'s event stream for the reference scenario: what reporters are fed', async () => {
  const { result, events } = await reference(REC.host);
  const types = events.map((e) => e.type);
  assert.equal(types[0], 'scenario:start');
  assert.deepEqual(types.slice(-2), ['scenario:cleanup', 'scenario:end']);
  assert.ok(!types.includes('step:progress'), 'the engine emits no step:progress');
  // each step: start, its commands, end — in order, with the same result object the scenario holds
  const per = result.steps.map((st) => events.filter((e) => 'index' in e ? e.index === st.index : e.type === 'step:end' && e.result.index === st.index).map((e) => e.type));
  assert.deepEqual(per.map((t) => [t[0], t.at(-1)]), result.steps.map(() => ['step:start', 'step:end']));
  assert.deepEqual(per.map((t) => t.filter((x) => x === 'step:command').length), result.steps.map((st) => st.commands.length));
  const ends = events.filter((e) => e.type === 'step:end').map((e) => (e.type === 'step:end' ? e.result : undefined));
  assert.deepEqual(ends, result.steps);
});
