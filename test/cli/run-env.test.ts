// The run command: the environment given in CliIO.env is the environment of every command it starts
// (in-process, real processes), and an engine lost mid-run gives the terminal, the JSON report and
// the exit code (3) the same verdict (real CLI process). The `docker` is test/helpers/fake-docker.ts:
// a real recorded `docker info`, then the docker CLI's real "Cannot connect" error.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main as runMain } from '../../src/cli/commands/run.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RunResult } from '../../src/execute/results.js';
import { runCli } from '../helpers/cli.js';
import { fakeDocker } from '../helpers/fake-docker.js';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cli-run-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write(c: Buffer | string, _e, done) { chunks.push(c.toString()); done(); } }), text: () => chunks.join('') };
}

describe('isocheck run', () => {
  it('passes CliIO.env, and only it, to the commands it starts (docker included)', async (t) => {
    const log = path.join(dir, 'calls.log');
    const docker = fakeDocker(dir, 'garbled-top', log);
    const file = path.join(dir, 'env.yaml');
    fs.writeFileSync(file, [
      'name: env', 'description: env reaches commands', 'steps:',
      '  - kind: command',
      '    command: [sh, -c, \'echo "[$MARK][$${ISOCHECK_TEST_LEAK-unset}]"\']',
      '    expect:',
      '      - output: { contains: "[from-io][unset]" }', '',
    ].join('\n'));
    process.env.ISOCHECK_TEST_LEAK = 'leaked from process.env';
    t.after(() => delete process.env.ISOCHECK_TEST_LEAK);
    const out = sink();
    const err = sink();
    const io: CliIO = { stdout: out.stream, stderr: err.stream, cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ISOCHECK_DOCKER: docker, MARK: 'from-io', NO_COLOR: '1', CI: 'true' } };
    const json = path.join(dir, 'env.json');
    const code = await runMain([file], { json, renderer: 'plain' }, io);
    assert.equal(code, 0, err.text());
    assert.match(fs.readFileSync(log, 'utf8'), /^info --format \{\{json \.\}\}\|from-io$/m, 'docker info ran with the io environment');
    const r = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
    assert.match(r.scenarios[0]?.steps[0]?.output ?? '', /\[from-io\]\[unset\]/);
  });

  it('an engine lost mid-run: the terminal, the JSON report and exit 3 agree', () => {
    const file = path.join(dir, 'gone.yaml');
    fs.writeFileSync(file, ['name: gone', 'description: the engine goes away', 'steps:', '  - id: c', '    kind: run', '    image: isocheck/busybox:local', '    command: [sleep, "300"]', ''].join('\n'));
    const json = path.join(dir, 'gone.json');
    const r = runCli(['run', file, '--json', json, '--renderer', 'plain'], { env: { ISOCHECK_DOCKER: fakeDocker(dir, 'engine-gone') } });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /Environment error: .*Cannot connect to the Docker daemon/);
    assert.match(r.stderr, /\[engine-unreachable\]/);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
    assert.equal(report.status, 'environment-error');
    assert.match(report.environment.engineError ?? '', /Cannot connect to the Docker daemon/);
  });
});

describe('isocheck run interrupted while validating', () => {
  it('a SIGINT that cuts validation short is exit 130 with an interrupted report, never "no scenario to run" (exit 2)', async () => {
    // The listener is installed synchronously when main() starts; process.emit calls it without
    // sending a real signal, before validation has read a single file.
    const file = path.join(dir, 'cut.yaml');
    fs.writeFileSync(file, ['name: cut', 'description: validation is cut short', 'steps:', '  - { kind: command, command: ["true"] }', ''].join('\n'));
    const out = sink();
    const err = sink();
    const io: CliIO = { stdout: out.stream, stderr: err.stream, cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', CI: 'true', ISOCHECK_DOCKER: '/nonexistent/docker' } };
    const json = path.join(dir, 'cut.json');
    const pending = runMain([file], { json, renderer: 'plain' }, io);
    process.emit('SIGINT', 'SIGINT');
    const code = await pending;
    assert.equal(code, 130, err.text());
    assert.doesNotMatch(err.text(), /no scenario to run/);
    assert.equal((JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult).status, 'interrupted');
  });
});
