// The validate and schema command modules, called directly with a fake CliIO that collects what
// they print. Samples: the shipped scenarios/ folder and test/fixtures/invalid/*.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../src/cli/io.js';
import { main as schemaMain } from '../../src/cli/commands/schema.js';
import { main as validateMain } from '../../src/cli/commands/validate.js';
import { UsageError } from '../../src/errors.js';
import { PACKAGE_ROOT, SCHEMA_PATH } from '../../src/paths.js';
import { validatePaths } from '../../src/validate/index.js';
import { textSink } from '../validate/helpers.js';

interface FakeIO extends CliIO {
  out(): string;
  err(): string;
}

function fakeIO(cwd = PACKAGE_ROOT): FakeIO {
  const stdout = textSink();
  const stderr = textSink();
  return { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd, out: stdout.text, err: stderr.text };
}

const INVALID = 'test/fixtures/invalid';
/** The shipped scenarios, relative to the package root (others may add more). */
const shipped = async (): Promise<string[]> => (await validatePaths(['scenarios'], { cwd: PACKAGE_ROOT })).files.map((f) => path.relative(PACKAGE_ROOT, f));

describe('isocheck validate', () => {
  it('valid scenarios: exit 0, nothing on stdout, the summary on stderr', async () => {
    const io = fakeIO();
    assert.equal(await validateMain(['scenarios'], { format: 'text' }, io), 0);
    assert.equal(io.out(), '');
    const n = (await shipped()).length;
    assert.ok(n >= 2);
    assert.equal(io.err(), `${n} files checked: ${n} valid, 0 invalid\n`);
  });

  it('no paths: validates ./scenarios of the working directory', async () => {
    const io = fakeIO();
    assert.equal(await validateMain([], { format: 'text' }, io), 0);
    assert.equal(io.err(), `${(await shipped()).length} files checked: ${(await shipped()).length} valid, 0 invalid\n`);
  });

  it('problems: exit 2, one file:line:col: message [code] line each with paths relative to cwd', async () => {
    const io = fakeIO();
    const code = await validateMain([`${INVALID}/misspelt-key.yaml`, `${INVALID}/misspelt-kind.yaml`, 'scenarios/linux/sandbox-isolation.yaml'], { format: 'text' }, io);
    assert.equal(code, 2);
    assert.equal(
      io.out(),
      `${INVALID}/misspelt-key.yaml:9:5: unknown key "isolaton" in run step; did you mean "isolation"? [unknown-key]\n` +
        `${INVALID}/misspelt-kind.yaml:10:11: unknown step kind "tops"; did you mean "top"? (run, top, host-processes, exec, command, remove) [unknown-kind]\n`,
    );
    assert.equal(io.err(), '3 files checked: 1 valid, 2 invalid (2 errors)\n');
  });

  it('a path that does not exist: exit 2 and a not-found line for it', async () => {
    const io = fakeIO();
    assert.equal(await validateMain(['no/such/dir'], { format: 'text' }, io), 2);
    assert.equal(io.out(), 'no/such/dir:1:1: no such file or directory [not-found]\n');
    assert.equal(io.err(), '0 files checked: 0 valid, 0 invalid (1 error)\n');
  });

  it('warnings alone: exit 0, the warning printed', async () => {
    const io = fakeIO();
    const text = fs.readFileSync(path.join(PACKAGE_ROOT, 'scenarios/linux/sandbox-isolation.yaml'), 'utf8').replace('isolation: [process, sandbox]', 'isolation: [process]');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cli-validate-'));
    try {
      fs.writeFileSync(path.join(dir, 'warn.yaml'), text);
      assert.equal(await validateMain([dir], { format: 'text' }, io), 0);
      assert.match(io.out(), /warn\.yaml:\d+:\d+: warning: isolation "sandbox" is not listed in requires\.isolation.*\[isolation-not-required\]\n$/);
      assert.equal(io.err(), '1 file checked: 1 valid, 0 invalid (1 warning)\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--var: defines variables for the reference rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cli-validate-'));
    try {
      fs.writeFileSync(path.join(dir, 'v.yaml'), 'name: v\ndescription: d\nsteps:\n  - kind: run\n    image: "${img}"\n');
      assert.equal(await validateMain([dir], { format: 'text' }, fakeIO()), 2);
      assert.equal(await validateMain([dir], { format: 'text', var: ['img=busybox'] }, fakeIO()), 0);
      await assert.rejects(validateMain([dir], { format: 'text', var: ['1x=busybox'] }, fakeIO()), UsageError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--format json: files, valid and problems on stdout, nothing on stderr', async () => {
    const io = fakeIO();
    assert.equal(await validateMain([`${INVALID}/misspelt-enum.yaml`, 'scenarios'], { format: 'json' }, io), 2);
    assert.equal(io.err(), '');
    const out = JSON.parse(io.out()) as { files: string[]; valid: boolean; summary: Record<string, number>; problems: Record<string, unknown>[] };
    const files = await shipped();
    assert.deepEqual(out.files, [...files, `${INVALID}/misspelt-enum.yaml`]);
    assert.equal(out.valid, false);
    assert.deepEqual(out.summary, { files: files.length + 1, valid: files.length, invalid: 1, errors: 1, warnings: 0 });
    assert.deepEqual(out.problems, [
      {
        file: `${INVALID}/misspelt-enum.yaml`, line: 9, col: 16, code: 'bad-value', severity: 'error',
        message: '"proces" is not an isolation mode; did you mean "process"? (process, hyperv, sandbox, default)', path: '/steps/0/isolation',
      },
    ]);
  });

  it('--format json of valid files: valid true, exit 0', async () => {
    const io = fakeIO();
    assert.equal(await validateMain(['scenarios'], { format: 'json' }, io), 0);
    assert.equal((JSON.parse(io.out()) as { valid: boolean }).valid, true);
  });
});

describe('isocheck schema', () => {
  it('prints the shipped schema as JSON, exit 0', async () => {
    const io = fakeIO();
    assert.equal(await schemaMain([], {}, io), 0);
    assert.deepEqual(JSON.parse(io.out()), JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));
    assert.ok(io.out().endsWith('\n'));
  });
});
