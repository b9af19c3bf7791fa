// `isocheck run` in-process, through the CLI's one error boundary (cli()), with the engine replayed
// through CliIO.spawn from recordings of the real engine (test/helpers/replay.ts; sources in
// test/fixtures/recorded/README.md "linux/replay/"). Exit codes 0/1/2/3, what is printed, and the
// JSON report. The scenarios here use no host-processes step and no auto `top`: those read this
// machine's /proc, which the CLI does not take from its io.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/index.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RunResult } from '../../src/execute/results.js';
import { CaptureStream } from '../report/capture.js';
import { INFO, REC, RUN_HELP, dockerRunArgv, imageInspect, labelPs, replaySpawn, rm, worldScript, withRules, type Script } from '../helpers/replay.js';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cli-run-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEAD = 'name: cli replay\ndescription: the run command on the recorded world\nrequires: { host: linux, engine: linux }\nsteps:\n';
const RUN_WORK = '  - { id: work, kind: run, image: isocheck/busybox:local, command: [ping, 127.0.0.1] }\n';

function scenario(name: string, steps: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, HEAD + steps);
  return f;
}

const json = (): string => path.join(dir, 'r.json');

async function runCli(args: string[], script: Script) {
  const stdout = new CaptureStream(false);
  const stderr = new CaptureStream(false);
  const replay = replaySpawn(script, { anyRunId: true });
  const io: CliIO = { stdout, stderr, env: { NO_COLOR: '1' }, cwd: dir, spawn: replay.spawn };
  const code = await cli(['run', ...args], io);
  assert.deepEqual(replay.unexpected, [], 'every command the CLI ran was scripted');
  const report = args.includes('--json') && fs.existsSync(json()) ? (JSON.parse(fs.readFileSync(json(), 'utf8')) as RunResult) : undefined;
  fs.rmSync(json(), { force: true });
  return { code, out: stdout.lines, err: stderr.lines, calls: replay.calls, report };
}

// The CLI labels containers with this machine's name (hostFacts), and the scenario by its path
// relative to the working directory.
const world = (file: string): Script => worldScript(file, { hostname: os.hostname() });

void describe('isocheck run (in-process, replayed engine)', () => {
  void it('exit 0: a passing scenario; stderr has the steps, the report line and the summary; the JSON report is the result', async () => {
    const f = scenario('pass.yaml', RUN_WORK + '  - { id: e, kind: exec, container: work, command: [cat, /etc/hostname], expect: [{ output: { matches: "^[0-9a-f]{12}$" } }] }\n');
    const r = await runCli([f, '--json', json(), '--renderer', 'plain'], world('pass.yaml'));
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(r.out, [], 'nothing on stdout');
    // the engine probe, the pull phase (image present; docker run has --pull), then the steps
    assert.deepEqual(r.calls, [INFO, imageInspect(), RUN_HELP, dockerRunArgv({ file: 'pass.yaml', step: 'work', hostname: os.hostname(), runId: r.report?.runId ?? '?' }), ['docker', 'exec', REC.work, 'cat', '/etc/hostname'], rm(REC.work)]);
    assert.ok(r.err.includes('▶ cli replay (pass.yaml)'), r.err.join('\n'));
    assert.ok(r.err.some((l) => /^ {2}✔ \[2\/2\] e: exec e \(\d+(\.\d+)?m?s\)$/.test(l)), r.err.join('\n'));
    assert.match(r.err.at(-2) ?? '', /^1 passed, 0 failed, 0 skipped \(\d+(\.\d+)?m?s\)$/);
    assert.equal(r.err.at(-1), `report: ${json()}`);
    assert.equal(r.report?.status, 'passed');
    assert.match(r.report?.runId ?? '', /^[0-9a-z]{8,}$/);
    assert.deepEqual(r.report?.scenarios[0]?.steps.map((s) => s.status), ['passed', 'passed']);
    assert.equal(r.report?.scenarios[0]?.steps[1]?.output, `${REC.work.slice(0, 12)}\n`);
    assert.deepEqual(r.report?.scenarios[0]?.cleanup, { removed: [REC.work], errors: [] });
  });

  void it('exit 1: a failed expectation; the failure is printed with expected and found', async () => {
    const f = scenario('fail.yaml', RUN_WORK + '  - { id: e, kind: exec, container: work, command: ["false"], expect: [{ exitCode: 0 }] }\n');
    const r = await runCli([f, '--json', json(), '--renderer', 'plain'], world('fail.yaml'));
    assert.equal(r.code, 1);
    const at = r.err.findIndex((l) => l.startsWith('  ✖ [2/2] e: exec e'));
    assert.ok(at > 0, r.err.join('\n'));
    assert.equal(r.err[at + 1], '      expected exit code 0; found exit code 1');
    assert.match(r.err.at(-2) ?? '', /^0 passed, 1 failed, 0 skipped/);
    assert.equal(r.report?.status, 'failed');
    assert.equal(r.report?.scenarios[0]?.steps[1]?.expectations[0]?.found, 'exit code 1');
  });

  void it('exit 2: an invalid scenario runs nothing, not even the engine probe', async () => {
    const f = scenario('bad.yaml', '  - { id: work, kind: rnu, image: isocheck/busybox:local }\n');
    const r = await runCli([f, '--json', json()], world('bad.yaml'));
    assert.equal(r.code, 2);
    assert.deepEqual(r.calls, []);
    assert.match(r.err[0] ?? '', /^bad\.yaml:5:23: unknown step kind "rnu"; did you mean "run"\? .*\[unknown-kind\]$/);
    assert.equal(r.err.at(-1), 'isocheck: 1 problem(s) in the scenarios; nothing was run');
    assert.equal(r.report, undefined, 'no report for input that was not run');
  });

  void it('exit 3: the engine is unreachable (recorded docker info against a socket nobody serves); the JSON report says environment-error', async () => {
    const f = scenario('env.yaml', RUN_WORK);
    const r = await runCli([f, '--json', json()], [[INFO, REC.recorded('docker-info-unreachable')]]);
    assert.equal(r.code, 3);
    assert.deepEqual(r.calls, [INFO]);
    assert.deepEqual(r.err, ['isocheck: the Docker engine is not reachable: Cannot connect to the Docker daemon at unix:///run/isocheck-replay-nowhere.sock. Is the docker daemon running? [engine-unreachable]']);
    assert.equal(r.report?.status, 'environment-error');
    assert.equal(r.report?.environment.engine, null);
    assert.match(r.report?.environment.engineError ?? '', /Cannot connect to the Docker daemon/);
    assert.deepEqual(r.report?.scenarios.map((s) => [s.status, s.skipReason]), [['error', `not run: ${r.report?.environment.engineError ?? ''}`]]);
  });

  void it('exit 3 with --fail-on-skip when a scenario cannot run on this engine; exit 0 without it', async () => {
    const f = path.join(dir, 'win.yaml');
    fs.writeFileSync(f, HEAD.replace('{ host: linux, engine: linux }', '{ engine: windows }') + '  - { id: c, kind: command, command: [uname, -s] }\n');
    const skipped = await runCli([f, '--renderer', 'plain'], [[INFO, REC.recorded('docker-info')]]);
    assert.equal(skipped.code, 0);
    assert.ok(skipped.err.includes('  ↓ skipped: requires a Windows engine (this engine is Linux)'), skipped.err.join('\n'));
    const strict = await runCli([f, '--renderer', 'plain', '--fail-on-skip'], [[INFO, REC.recorded('docker-info')]]);
    assert.equal(strict.code, 3);
    assert.equal(strict.err.at(-1), 'isocheck: 1 scenario(s) skipped and --fail-on-skip is set [skipped]');
  });

  void it('exit 1 for a step error, printed with its code', async () => {
    const f = scenario('err.yaml', '  - { id: c, kind: command, command: [/nonexistent/isocheck-tool] }\n');
    const r = await runCli([f, '--renderer', 'plain', '--json', json()], withRules([[INFO, REC.recorded('docker-info')]], [['/nonexistent/isocheck-tool'], REC.recorded('not-installed')], [labelPs(), REC.recorded('docker-ps-label-empty')]));
    assert.equal(r.code, 1);
    // no image: no pull phase; after a scenario error the runner sweeps the run's label (runner.ts)
    assert.deepEqual(r.calls, [INFO, ['/nonexistent/isocheck-tool'], labelPs(r.report?.runId ?? '?')]);
    assert.ok(r.err.some((l) => l.startsWith('      error [spawn-failed]: cannot start "/nonexistent/isocheck-tool"')), r.err.join('\n'));
    assert.equal(r.report?.scenarios[0]?.status, 'error');
    assert.equal(r.report?.scenarios[0]?.steps[0]?.error?.code, 'spawn-failed');
  });
});
