// `isocheck run` and its report paths, through the real CLI (bin/isocheck.js as a child process)
// and through the run command module with a CliIO whose cwd is not process.cwd(). The scenario has
// one host `command` step ([true]); the engine is only asked for its version. Without an engine the
// run ends with exit 3 and still writes its (environment-error) reports, so these tests hold there too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main as runMain } from '../../src/cli/commands/run.js';
import type { CliIO } from '../../src/cli/io.js';
import { EnvironmentError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { assertUnchanged, charDevice, identity, link, needDevice, tempFolder } from '../helpers/special-files.js';

let dir: string;
let scenario: string;
let bytes: Buffer;
before(() => {
  dir = tempFolder('run-reports');
  scenario = path.join(dir, 'trivial.yaml');
  fs.writeFileSync(scenario, 'name: trivial\ndescription: one host command\nsteps:\n  - { id: t, kind: command, command: ["true"] }\n');
  bytes = fs.readFileSync(scenario);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const ran = (code: number | null): boolean => code === 0 || code === 3; // 3: no engine here, reports still written

void describe('isocheck run: report paths (real CLI)', () => {
  void it('--json <a character device> writes through it: the device is still that device', (t) => {
    const dev = charDevice(dir, 'null', 1, 3);
    if (!needDevice(t, dev)) return;
    const was = identity(dev);
    const r = runCli(['run', scenario, '--renderer', 'plain', '--json', dev]);
    assert.ok(ran(r.code), r.stderr);
    assert.match(r.stderr, new RegExp(`report: ${dev}\\n`));
    assertUnchanged(dev, was);
  });

  void it('--json <the scenario file> exits 2 before anything runs and leaves the scenario byte-identical', () => {
    const r = runCli(['run', scenario, '--renderer', 'plain', '--json', scenario]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot write report .*trivial\.yaml: it is the scenario file .*\[bad-report-path\]/);
    assert.doesNotMatch(r.stderr, /report: |passed|environment/);
    assert.deepEqual(fs.readFileSync(scenario), bytes);
  });

  void it('--junit <a link to the scenario>, run from the scenario folder, exits 2 and keeps both', () => {
    const l = link(dir, 'junit.xml', 'trivial.yaml');
    const r = runCli(['run', 'trivial.yaml', '--junit', 'junit.xml'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /\[bad-report-path\]/);
    assert.deepEqual(fs.readFileSync(scenario), bytes);
    assert.equal(identity(l).type, 'symlink');
  });

  void it('"-" puts the report on standard output, and the terminal output stays on standard error', () => {
    const r = runCli(['run', scenario, '--renderer', 'plain', '--json', '-']);
    assert.ok(ran(r.code), r.stderr);
    assert.equal((JSON.parse(r.stdout) as { reportVersion: number }).reportVersion, 1);
    assert.match(r.stderr, /report: -\n/);
  });
});

function quietIO(cwd: string): CliIO {
  const sink = (): Writable => new Writable({ write: (_c, _e, done) => done() });
  return { stdout: sink(), stderr: sink(), env: { ...process.env, CI: 'true', NO_COLOR: '1' }, cwd };
}

void describe('isocheck run: one working directory', () => {
  void it('a relative report path is written where it was checked: the CLI io cwd, not process.cwd()', async () => {
    const cwd = fs.mkdtempSync(path.join(dir, 'cwd-'));
    const name = `isocheck-cwd-${process.pid}.json`;
    assert.notEqual(cwd, process.cwd());
    try {
      const code = await runMain([scenario], { json: name, renderer: 'plain' }, quietIO(cwd)).catch((e: unknown) => {
        if (e instanceof EnvironmentError) return 3;
        throw e;
      });
      assert.ok(ran(code));
      assert.ok(fs.existsSync(path.join(cwd, name)), 'report in the io cwd');
      assert.ok(!fs.existsSync(path.join(process.cwd(), name)), 'no report in process.cwd()');
    } finally {
      fs.rmSync(path.join(process.cwd(), name), { force: true });
    }
  });
});
