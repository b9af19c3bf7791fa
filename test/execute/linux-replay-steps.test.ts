// Each step kind through the real runner, with pass, fail and error results and their codes, on the
// recorded Linux world (test/helpers/replay.ts; every reply is a recording of the real engine or of
// a real host command, see test/fixtures/recorded/README.md "linux/replay/"). The strict replay also
// pins every command each step runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepResult } from '../../src/execute/results.js';
import { INFO, REC, RUN_HELP, dockerRunArgv, imageInspect, labelPs, planned, replayRun, rm, runscPs, withRules, worldScript, type ReplayOptions, type Script } from '../helpers/replay.js';

const FILE = 'scenarios/replay/steps.yaml';
const short = (id: string): string => id.slice(0, 12);
const r = REC.recorded;

/** A scenario of the given steps (YAML lines, indented as list items under `steps:`). */
function yaml(steps: string, vars = ''): string {
  return `name: replay steps\ndescription: step kinds on the recorded world\nrequires: { host: linux, engine: linux }\n${vars}steps:\n${steps}`;
}
const RUN_WORK = '  - { id: work, kind: run, image: isocheck/busybox:local, command: [ping, 127.0.0.1] }\n';
const RUN_PROC = '  - { id: proc, kind: run, image: isocheck/busybox:local, command: [ping, 127.0.0.1], isolation: process }\n';
const RUN_SBX = '  - { id: sbx, kind: run, image: isocheck/busybox:local, command: [ping, 127.0.0.1], isolation: sandbox }\n';

async function run(steps: string, more: Script = [], o: Partial<ReplayOptions> & { vars?: string } = {}) {
  const input = await planned(FILE, yaml(steps, o.vars ?? ''));
  assert.equal(input.skipReason, undefined);
  const out = await replayRun([input], { ...o, script: withRules(worldScript(FILE), ...more) });
  const sc = out.result.scenarios[0];
  assert.ok(sc);
  const step = (id: string): StepResult => {
    const s = sc.steps.find((x) => x.id === id);
    assert.ok(s, `step ${id}`);
    return s;
  };
  return { ...out, sc, step };
}
const err = (s: StepResult): [string, string, string] | undefined => (s.error ? [s.status, s.error.code, s.error.message] : undefined);
/** The run-wide pull phase (execute/pull.ts) before any step: the local image is present, and this docker CLI has `docker run --pull`. */
const PULL_PHASE = [imageInspect(), RUN_HELP];
/** After a scenario that ends in error the runner sweeps the run's label once more (runner.ts); by then nothing is left (recorded). */
const SWEEP: Script = [[labelPs(), r('docker-ps-label-empty')]];

void test('run: passes with the container id; its id and name are values for later steps; cleanup removes it', async () => {
  const { sc, step, calls } = await run(RUN_WORK + '  - { id: ps, kind: exec, container: work, command: [cat, /etc/hostname], expect: [{ output: { contains: "${work.name}" } }] }\n');
  assert.equal(step('work').status, 'passed');
  assert.equal(step('work').output, `${REC.work}\n`);
  assert.deepEqual(step('work').notes, ['isolation default: engine default runtime (runc)']);
  assert.deepEqual(sc.containers, [{ stepId: 'work', id: REC.work, name: `isocheck-replay1-0-work`, isolation: 'default', flags: [], runtime: 'runc' }]);
  // the container's hostname is its short id, not its name: the interpolated name is not in the output
  assert.equal(step('ps').status, 'failed');
  assert.equal(step('ps').expectations[0]?.message, `expected output that contains "isocheck-replay1-0-work"; found "${short(REC.work)}"`);
  assert.deepEqual(calls, [...PULL_PHASE, dockerRunArgv({ file: FILE, step: 'work' }), ['docker', 'exec', REC.work, 'cat', '/etc/hostname'], rm(REC.work)]);
  assert.deepEqual(sc.cleanup, { removed: [REC.work], errors: [] });
});

void test('run: a missing image that cannot be pulled is a scenario error naming the pull; no step runs (issue 11)', async () => {
  const missing = 'isocheck/missing:local';
  const more: Script = [[labelPs(), r('docker-ps-label-empty')]];
  const out = await run(`  - { id: work, kind: run, image: ${missing}, command: [ping, 127.0.0.1] }\n`, more);
  assert.equal(out.sc.status, 'error');
  // the reason is the pull's own (recorded: no registry on this machine), named with its command
  const why = r('docker-pull-missing').stderr.trim().split('\n').pop() ?? '';
  assert.equal(out.sc.skipReason, `not run: docker pull ${missing} failed: ${why}`);
  assert.match(why, /registry-1\.docker\.io/);
  assert.deepEqual(out.sc.steps, []);
  assert.equal(out.result.status, 'failed');
  // inspect (absent), the pull (fails), no `docker run --help` (no image is present), no docker run;
  // the scenario errored, so the run's label is swept
  assert.deepEqual(out.calls, [imageInspect(missing), ['docker', 'pull', missing], labelPs()]);
  const pulls = out.events.flatMap((e) => (e.type === 'pull:start' ? [[e.type, e.image]] : e.type === 'pull:end' ? [[e.type, e.image, e.ok, e.message]] : []));
  assert.deepEqual(pulls, [['pull:start', missing], ['pull:end', missing, false, why]]);
});

void test('run: a failed docker run is an error (command-failed) unless an exitCode expectation judges it', async () => {
  // An image known only at run time (captured from a recorded `echo`) is not pre-pulled: docker run
  // itself meets the missing image (recorded: exit 125), without --pull=never.
  const echo = r('echo-missing-image');
  const missing = dockerRunArgv({ file: FILE, step: 'work', image: 'isocheck/missing:local' });
  assert.ok(!missing.includes('--pull=never'));
  const more: Script = [[echo.argv, echo], [missing, r('docker-run-missing-image')], [labelPs(), r('docker-ps-label-empty')]];
  const img = '  - { id: img, kind: command, command: [echo, isocheck/missing:local], capture: { image: stdout } }\n';
  const bare = await run(img + '  - { id: work, kind: run, image: "${image}", command: [ping, 127.0.0.1] }\n', more);
  assert.equal(bare.step('img').captures.image, 'isocheck/missing:local');
  assert.deepEqual(err(bare.step('work')), ['error', 'command-failed', `the command exited with code 125: ${r('docker-run-missing-image').stderr.trim().split('\n').slice(-3).join(' / ')}`]);
  assert.equal(bare.sc.status, 'error');
  // no pull phase (no image known before the run); no id came back: cleanup sweeps the run's label
  // for a container the engine may still have made, and the runner sweeps once more after an error
  assert.deepEqual(bare.calls, [echo.argv, missing, labelPs(), labelPs()]);
  const judged = await run(img + '  - { id: work, kind: run, image: "${image}", command: [ping, 127.0.0.1], expect: [{ exitCode: 125 }] }\n', more);
  assert.equal(judged.step('work').status, 'passed');
  assert.match(judged.step('work').notes[1] ?? '', /^docker run failed: Unable to find image 'isocheck\/missing:local' locally$/);
  const wrong = await run(img + '  - { id: work, kind: run, image: "${image}", command: [ping, 127.0.0.1], expect: [{ exitCode: 0 }] }\n', more);
  assert.equal(wrong.step('work').status, 'failed');
  assert.match(wrong.step('work').expectations[0]?.message ?? '', /^expected exit code 0; found exit code 125: "Unable to find image 'isocheck\/missing:local' locally\\ndocker: Error response from daemon: /);
});

void test('top: the engine view passes and fails on what it lists; docker top of a removed container is top-failed', async () => {
  const pass = await run(RUN_PROC + '  - { id: t, kind: top, container: proc, match: { name: ping }, expect: [{ count: 1 }, { pid: "' + REC.runcPing + '" }], capture: { p: pid, n: count } }\n');
  assert.equal(pass.step('t').status, 'passed');
  assert.equal(pass.step('t').view, 'engine (docker top)');
  assert.deepEqual(pass.step('t').captures, { p: String(REC.runcPing), n: '1' });
  assert.equal(pass.step('t').output, r('docker-top-runc').stdout);
  const fail = await run(RUN_PROC + '  - { id: t, kind: top, container: proc, match: { name: sleep }, expect: [{ present: true }] }\n');
  assert.equal(fail.step('t').status, 'failed');
  assert.equal(fail.step('t').expectations[0]?.message, "expected a process in the container's table named sleep; found none");
  const gone = await run(RUN_WORK + '  - { id: rm, kind: remove, container: work }\n  - { id: t, kind: top, container: work }\n', [[['docker', 'top', REC.work], r('docker-top-work-removed')], ...SWEEP]);
  assert.equal(gone.step('rm').status, 'passed');
  assert.deepEqual(err(gone.step('t')), ['error', 'top-failed', `docker top failed: Error response from daemon: No such container: ${REC.work}`]);
  // removed by its step: cleanup does not remove it again (the step error makes the runner sweep the label)
  assert.deepEqual(gone.calls, [...PULL_PHASE, dockerRunArgv({ file: FILE, step: 'work' }), rm(REC.work), ['docker', 'top', REC.work], labelPs()]);
  assert.deepEqual(gone.sc.cleanup, { removed: [], errors: [] });
});

void test('top under gVisor: engine top lists the host\'s PID 1; runsc ps is used, and docker exec ps when runsc has no state', async () => {
  const steps = RUN_PROC + RUN_SBX + '  - { id: t, kind: top, container: sbx, match: { name: ping }, expect: [{ pid: 1 }] }\n';
  const runsc = await run(steps);
  assert.equal(runsc.step('t').view, 'runtime (runsc ps)');
  assert.equal(runsc.step('t').output, r('runsc-ps').stdout);
  // runsc answers "loading sandbox: file does not exist" under every state root (recorded for this
  // container once it was removed, and under the runsc-named root while it ran): the container's own ps
  const noState = await run(steps, [
    [runscPs(REC.runsc), r('runsc-ps-removed')],
    [runscPs(REC.runsc, '/var/run/docker/runtime-runsc/moby'), r('runsc-ps-runtime-runsc-root')],
    [runscPs(REC.runsc, '/run/docker/runtime-runc/moby'), r('runsc-ps-removed')],
  ]);
  assert.equal(noState.step('t').status, 'passed');
  assert.equal(noState.step('t').view, 'container (docker exec ps)');
  assert.deepEqual(noState.step('t').commands.map((c) => [c.argv.slice(0, 3).join(' '), c.purpose ?? '', c.exitCode]), [
    ['docker top ' + REC.runsc, '', 0],
    ['/usr/bin/runsc --root /var/run/docker/runtime-runc/moby', 'runtime view', 128],
    ['/usr/bin/runsc --root /var/run/docker/runtime-runsc/moby', 'runtime view', 128],
    ['/usr/bin/runsc --root /run/docker/runtime-runc/moby', 'runtime view', 128],
    ['docker exec ' + REC.runsc, 'runtime view', 0],
  ]);
  assert.match(noState.step('t').notes[0] ?? '', /^engine top listed PIDs 1, which are not this container's processes on the host; using the container \(docker exec ps\) instead$/);
  // view: engine trusts docker top as it is: the host's init is not ping
  const engine = await run(RUN_PROC + RUN_SBX + '  - { id: t, kind: top, container: sbx, view: engine, match: { name: ping }, expect: [{ present: true }] }\n');
  assert.equal(engine.step('t').status, 'failed');
  assert.deepEqual(engine.step('t').commands.map((c) => c.argv[1]), ['top']);
  // view: runtime asks the runtime only; with no view at all it is an error
  const rt = await run(RUN_WORK + '  - { id: rm, kind: remove, container: work }\n  - { id: t, kind: top, container: work, view: runtime }\n', [[['docker', 'exec', REC.work, 'ps'], r('docker-exec-work-removed')], ...SWEEP]);
  assert.deepEqual(err(rt.step('t')), ['error', 'no-runtime-view', "no runtime view of the container's processes is available (runsc ps or docker exec ps)"]);
});

void test('host-processes: by pid, name, container and pattern, from the recorded /proc', async () => {
  const steps = RUN_PROC + RUN_SBX + [
    `  - { id: bypid, kind: host-processes, match: { pid: ${REC.runcPing} }, expect: [{ ownedBy: proc }] }`,
    '  - { id: byname, kind: host-processes, match: { name: ping }, expect: [{ count: 2 }], capture: { pids: pids } }',
    '  - { id: bycontainer, kind: host-processes, match: { container: sbx }, expect: [{ count: ' + REC.runscProcs.length + ' }] }',
    '  - { id: gofer, kind: host-processes, match: { name: runsc-gofer, container: sbx }, expect: [{ count: 1 }] }',
    '  - { id: kthread, kind: host-processes, match: { pattern: "^\\\\[kthreadd\\\\]$" }, expect: [{ pid: 2 }] }',
    '  - { id: pat, kind: host-processes, match: { pattern: "ping 127\\\\.0\\\\.0\\\\.1$", container: proc }, expect: [{ count: 1 }] }',
  ].join('\n') + '\n';
  const { sc, step, calls } = await run(steps);
  const bad = sc.steps.filter((s) => s.status !== 'passed').map((s) => `${s.id}: ${s.error?.message ?? s.expectations.find((e) => !e.passed)?.message}`);
  assert.deepEqual(bad, []);
  assert.equal(step('byname').captures.pids, [REC.hostPing, REC.runcPing].sort((a, b) => a - b).join(' '));
  assert.equal(step('bypid').view, 'host (/proc)');
  assert.match(step('bypid').output, new RegExp(`^PID +PPID +NAME +CONTAINER +COMMAND\\n${REC.runcPing} +\\d+ +ping +proc ${short(REC.runc)} +ping 127\\.0\\.0\\.1\\n$`));
  // host-processes reads /proc, not the engine: no command for those steps
  assert.ok(['bypid', 'byname', 'bycontainer', 'gofer', 'kthread', 'pat'].every((id) => step(id).commands.length === 0));
  assert.deepEqual(calls, [...PULL_PHASE, dockerRunArgv({ file: FILE, step: 'proc' }), dockerRunArgv({ file: FILE, step: 'sbx', flags: ['--runtime=runsc'] }), rm(REC.runc, REC.runsc)]);
});

void test('host-processes show: the matched processes by default, none without a match, the whole table with show: all', async () => {
  const { step } = await run(RUN_PROC + [
    `  - { id: one, kind: host-processes, match: { pid: ${REC.runcPing} }, expect: [{ present: true }] }`,
    '  - { id: nomatch, kind: host-processes, expect: [{ present: true }] }',
    `  - { id: all, kind: host-processes, show: all, match: { pid: ${REC.runcPing} }, expect: [{ count: 1 }], capture: { p: pid } }`,
  ].join('\n') + '\n');
  assert.equal(step('one').output.trim().split('\n').length, 2, 'the header and the one matched process');
  assert.equal(step('nomatch').output, `${REC.host.length} host processes (not listed: the step has no match; show: all lists them)\n`);
  assert.equal(step('nomatch').status, 'passed');
  // show: all lists every process of the table; the expectations still judge the selection
  assert.equal(step('all').status, 'passed');
  assert.equal(step('all').captures.p, String(REC.runcPing));
  assert.equal(step('all').output.trim().split('\n').length, REC.host.length + 1);
});

void test('host-processes: fail and error results', async () => {
  const absent = await run(RUN_PROC + `  - { id: h, kind: host-processes, match: { pid: ${REC.runcPing} }, expect: [{ present: true }] }\n`, [], { host: REC.host.filter((p) => p !== REC.runcPing) });
  assert.equal(absent.step('h').status, 'failed');
  assert.equal(absent.step('h').expectations[0]?.message, `expected a host process with PID ${REC.runcPing}; found none`);
  const notOwned = await run(RUN_PROC + `  - { id: h, kind: host-processes, match: { pid: ${REC.hostPing} }, expect: [{ ownedBy: proc }] }\n`);
  assert.equal(notOwned.step('h').status, 'failed');
  assert.match(notOwned.step('h').expectations[0]?.message ?? '', new RegExp(`found not owned by it: PID ${REC.hostPing} /tmp/isocheck-replay-bin/ping 127\\.0\\.0\\.1$`));
  const badPid = await run(`  - { id: h, kind: host-processes, match: { pid: "\${who}" } }\n`, SWEEP, { vars: 'vars: { who: "init" }\n' });
  assert.deepEqual(err(badPid.step('h')), ['error', 'bad-pid', 'match.pid is "init", not a PID']);
  const noCapture = await run(`  - { id: h, kind: host-processes, match: { pid: 999999 }, capture: { p: pid } }\n`, SWEEP);
  assert.deepEqual(err(noCapture.step('h')), ['error', 'capture-failed', 'cannot capture p: no process was selected']);
});

void test('exec: pass, fail on an exitCode expectation, command-failed error with the engine\'s message', async () => {
  const ok = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: [cat, /etc/hostname], expect: [{ output: { matches: "^[0-9a-f]{12}$" } }], capture: { host: stdout } }\n');
  assert.equal(ok.step('e').status, 'passed');
  assert.equal(ok.step('e').captures.host, short(REC.work));
  const fail = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: ["false"], expect: [{ exitCode: 0 }] }\n');
  assert.equal(fail.step('e').status, 'failed');
  assert.equal(fail.step('e').expectations[0]?.message, 'expected exit code 0; found exit code 1');
  const bare = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: ["false"] }\n', SWEEP);
  assert.deepEqual(err(bare.step('e')), ['error', 'command-failed', 'the command exited with code 1']);
  const gone = await run(RUN_WORK + '  - { id: rm, kind: remove, container: work }\n  - { id: e, kind: exec, container: work, command: [ps] }\n', [[['docker', 'exec', REC.work, 'ps'], r('docker-exec-work-removed')], ...SWEEP]);
  assert.deepEqual(err(gone.step('e')), ['error', 'command-failed', `the command exited with code 1: Error response from daemon: No such container: ${REC.work}`]);
});

void test('command: pass, fail, spawn-failed and timeout (recorded through isocheck\'s own Spawn)', async () => {
  const sh = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
  const more: Script = [[sh, r('sh-out-err-exit3')], [['uname', '-s'], r('uname-s')], [['/nonexistent/isocheck-tool'], r('not-installed')], [['sleep', '5'], r('sleep-timeout')], ...SWEEP];
  const c = (s: string) => run(s, more);
  const pass = await c('  - { id: c, kind: command, command: [uname, -s], expect: [{ output: { contains: Linux } }] }\n');
  assert.equal(pass.step('c').status, 'passed');
  const judged = await c(`  - { id: c, kind: command, command: [sh, -c, "echo out; echo err >&2; exit 3"], expect: [{ exitCode: 3 }, { stderr: { contains: err } }, { output: { notContains: out } }] }\n`);
  assert.equal(judged.step('c').status, 'failed');
  assert.deepEqual(judged.step('c').expectations.map((e) => e.passed), [true, true, false]);
  // The new matchers through the whole pipeline: {not: 0} and {in: [...]} judge the exit (no
  // command-failed), a block and notMatches judge the text.
  const matchers = await c(`  - { id: c, kind: command, command: [sh, -c, "echo out; echo err >&2; exit 3"], expect: [{ exitCode: { not: 0 } }, { exitCode: { in: [1, 3] } }, { output: { block: "out \\t " } }, { stderr: { notMatches: "^err$" } }] }\n`);
  assert.deepEqual(matchers.step('c').expectations.map((e) => [e.passed, e.expected]), [
    [true, 'exit code other than 0'], [true, 'exit code one of 1, 3'], [true, 'output that matches the page block (1 line)'], [false, 'stderr that does not match /^err$/'],
  ]);
  assert.equal(matchers.step('c').expectations[3]?.found, 'line 1: "err"');
  const bare = await c('  - { id: c, kind: command, command: [sh, -c, "echo out; echo err >&2; exit 3"] }\n');
  assert.deepEqual(err(bare.step('c')), ['error', 'command-failed', 'the command exited with code 3: err']);
  const missing = await c('  - { id: c, kind: command, command: [/nonexistent/isocheck-tool] }\n');
  assert.deepEqual(err(missing.step('c')), ['error', 'spawn-failed', `cannot start "/nonexistent/isocheck-tool": ${r('not-installed').spawnError ?? ''}`]);
  const slow = await c('  - { id: c, kind: command, command: [sleep, "5"] }\n');
  assert.deepEqual(err(slow.step('c')), ['error', 'timeout', 'sleep did not finish within the step timeout']);
  // no image, no container: no pull phase, nothing to remove; the one engine call is the runner's
  // sweep of the run's label after a scenario error
  assert.deepEqual(slow.calls, [['sleep', '5'], labelPs()]);
  assert.deepEqual(pass.calls, [['uname', '-s']], 'no sweep after a passing scenario');
});

void test('capture and interpolation across steps: a PID from the container\'s ps picks the host process', async () => {
  const { step, calls } = await run(RUN_WORK + [
    '  - { id: ps, kind: exec, container: work, command: [ps], capture: { first: { regex: "\\\\n +(\\\\d+) 0 +ping" } } }',
    '  - { id: host, kind: host-processes, match: { pid: "${first}" }, expect: [{ present: true }], capture: { p: pid } }',
    '  - { id: top, kind: command, command: [docker, top, "${work.id}"], expect: [{ output: { contains: "ping 127.0.0.1" } }] }',
  ].join('\n') + '\n', [[['docker', 'top', REC.work], r('docker-top-work')]]);
  assert.equal(step('ps').captures.first, '1');
  // PID 1 inside the container is, on the host, the host's init: a different process
  assert.match(step('host').output, /\n1 +0 +process_api +- +\/process_api /);
  assert.deepEqual(calls.at(-2), ['docker', 'top', REC.work], 'the container id was interpolated into one argv element');
  assert.equal(step('top').status, 'passed');
});

void test('eventually and for poll the step again (recorded ps before and after `docker exec -d sleep 300`)', async () => {
  const ps: Script = [[['docker', 'exec', REC.work, 'ps'], [r('docker-exec-work-ps'), r('docker-exec-work-ps'), r('docker-exec-work-ps-after-sleep')]]];
  const ev = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: [ps], expect: [{ output: { contains: "sleep 300" }, eventually: 5s }] }\n', ps);
  assert.equal(ev.step('e').status, 'passed');
  assert.equal(ev.step('e').expectations[0]?.attempts, 3);
  assert.match(ev.step('e').output, /sleep 300/);
  const held = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: [ps], expect: [{ output: { notContains: sleep }, for: 5s }] }\n', ps);
  assert.equal(held.step('e').status, 'failed');
  assert.equal(held.step('e').expectations[0]?.attempts, 3);
  assert.match(held.step('e').expectations[0]?.message ?? '', /^expected output that does not contain "sleep", for 5s; found line 3: " +24 0 +sleep 300"$/); // the line that has it
  const never = await run(RUN_WORK + '  - { id: e, kind: exec, container: work, command: [ps], expect: [{ output: { contains: nothing-like-this }, eventually: 100ms }] }\n');
  assert.equal(never.step('e').status, 'failed');
  assert.ok((never.step('e').expectations[0]?.attempts ?? 0) > 1);
});

void test('the engine probe is the recorded docker info: runtimes and the runsc path come from it', async () => {
  const { result, calls } = await run(RUN_PROC + RUN_SBX, []);
  assert.deepEqual(result.environment.engine?.runtimes, ['io.containerd.runc.v2', 'io.containerd.runtime.v1.linux', 'runc', 'runsc']);
  assert.ok(!calls.some((c) => JSON.stringify(c) === JSON.stringify(INFO)), 'runAll does not probe the engine itself');
});
