// validatePaths over files and folders: discovery order, explicit files of any extension, --var,
// the default folder, and isolation of bad files. Samples: the reference scenarios copied into a
// temp folder, and test/fixtures/invalid/misspelt-key.yaml.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SCENARIOS_DIR } from '../../src/paths.js';
import { defaultScenarioPaths, summarize, validatePaths } from '../../src/validate/index.js';
import { MAX_PROBLEMS_PER_FILE } from '../../src/validate/paths.js';
import { LINUX_REFERENCE, WINDOWS_REFERENCE, fixture } from './helpers.js';

async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocheck-paths-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('validatePaths', () => {
  it('finds *.yaml and *.yml recursively, sorted, and ignores other files in folders', () =>
    inTemp(async (dir) => {
      await fs.mkdir(path.join(dir, 'b', 'deep'), { recursive: true });
      await fs.copyFile(LINUX_REFERENCE, path.join(dir, 'b', 'deep', 'z.yml'));
      await fs.copyFile(WINDOWS_REFERENCE, path.join(dir, 'a.yaml'));
      await fs.writeFile(path.join(dir, 'README.md'), '# not a scenario');
      const report = await validatePaths([dir]);
      assert.deepEqual(report.files, [path.join(dir, 'a.yaml'), path.join(dir, 'b', 'deep', 'z.yml')]);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.scenarios.map((s) => s.scenario.name), ['Hyper-V isolation (Windows)', 'Sandbox isolation on Linux (runc vs gVisor)']);
    }));

  it('validates an explicitly named file whatever its extension', () =>
    inTemp(async (dir) => {
      const txt = path.join(dir, 'scenario.txt');
      await fs.copyFile(LINUX_REFERENCE, txt);
      const report = await validatePaths([txt]);
      assert.deepEqual(report.files, [txt]);
      assert.equal(report.scenarios.length, 1);
    }));

  it('resolves relative paths against cwd and lists a file given twice once', async () => {
    const report = await validatePaths(['linux/sandbox-isolation.yaml', LINUX_REFERENCE], { cwd: SCENARIOS_DIR });
    assert.deepEqual(report.files, [LINUX_REFERENCE]);
  });

  it('keeps good files when another is bad: scenarios holds only error-free files', async () => {
    const report = await validatePaths([fixture('misspelt-key.yaml'), LINUX_REFERENCE]);
    assert.equal(report.files.length, 2);
    assert.deepEqual(report.scenarios.map((s) => s.file), [LINUX_REFERENCE]);
    assert.deepEqual(report.problems.map((p) => p.code), ['unknown-key']);
  });

  it('locate() maps a JSON path of a loaded scenario to its line and column', async () => {
    const [loaded] = (await validatePaths([LINUX_REFERENCE])).scenarios;
    assert.ok(loaded);
    assert.deepEqual(loaded.locate(['steps', 1]), { file: LINUX_REFERENCE, line: 34, col: 5 });
    assert.deepEqual(loaded.locate(['steps', 2, 'match', 'pid']), { file: LINUX_REFERENCE, line: 48, col: 19 });
    // A path that does not exist ends at its deepest existing node.
    assert.deepEqual(loaded.locate(['steps', 1, 'nope']), { file: LINUX_REFERENCE, line: 34, col: 5 });
  });

  it('--var values count as defined variables', () =>
    inTemp(async (dir) => {
      const file = path.join(dir, 's.yaml');
      await fs.writeFile(file, 'name: v\ndescription: uses a var given on the command line\nsteps:\n  - kind: run\n    image: "${img}"\n');
      assert.deepEqual((await validatePaths([file])).problems.map((p) => [p.code, p.line, p.col]), [['unknown-reference', 5, 13]]);
      assert.deepEqual((await validatePaths([file], { vars: { img: 'busybox' } })).problems, []);
    }));

  it('reports every bad path and still validates the good ones', () =>
    inTemp(async (dir) => {
      const report = await validatePaths([path.join(dir, 'missing'), LINUX_REFERENCE, dir]);
      assert.deepEqual(report.problems.map((p) => [p.code, p.file]), [[ 'no-scenarios', dir ], ['not-found', path.join(dir, 'missing')]]);
      assert.equal(report.scenarios.length, 1);
    }));

  it('defaults to ./scenarios when it exists, else to the shipped scenarios', () =>
    inTemp(async (dir) => {
      assert.deepEqual(defaultScenarioPaths(dir), [SCENARIOS_DIR]);
      await fs.mkdir(path.join(dir, 'scenarios'));
      assert.deepEqual(defaultScenarioPaths(dir), [path.join(dir, 'scenarios')]);
      const report = await validatePaths([], { cwd: dir });
      assert.deepEqual(report.problems.map((p) => p.code), ['no-scenarios']);
    }));
});

describe('validatePaths limits', () => {
  it('lists the first MAX_PROBLEMS_PER_FILE problems of a file unchanged, then one more-problems line; the summary counts all', () =>
    inTemp(async (dir) => {
      const file = path.join(dir, 'typos.yaml');
      const steps = Array.from({ length: 250 }, () => '  - kind: comand\n').join('');
      await fs.writeFile(file, `name: t\ndescription: 250 misspelt kinds\nsteps:\n${steps}`);
      const report = await validatePaths([file]);
      assert.equal(report.problems.length, MAX_PROBLEMS_PER_FILE + 1);
      const first = report.problems[0];
      assert.deepEqual([first?.code, first?.line, first?.col], ['unknown-kind', 4, 11]);
      assert.equal(first?.message, 'unknown step kind "comand"; did you mean "command"? (run, top, host-processes, exec, command, remove)');
      const more = report.problems.at(-1);
      assert.deepEqual([more?.code, more?.severity, more?.line, more?.col], ['more-problems', 'error', 4 + MAX_PROBLEMS_PER_FILE, 11]);
      assert.match(more?.message ?? '', /… and 150 more problems in this file from here on \(150 errors\); only the first 100 are listed/);
      assert.deepEqual(report.omitted, { errors: 150, warnings: 0 });
      assert.deepEqual(summarize(report), { files: 1, valid: 0, invalid: 1, errors: 250, warnings: 0 });
    }));

  it('stops between files once its signal is aborted, and says so', () =>
    inTemp(async (dir) => {
      const reference = await fs.readFile(LINUX_REFERENCE);
      for (let i = 0; i < 200; i++) await fs.writeFile(path.join(dir, `s${String(i).padStart(3, '0')}.yaml`), reference);
      const already = await validatePaths([dir], { signal: AbortSignal.abort() });
      assert.deepEqual([already.aborted, already.scenarios.length, already.files.length], [true, 0, 200]);
      // Aborted from the event loop, as a signal handler would: validation must have yielded to it.
      const controller = new AbortController();
      setImmediate(() => controller.abort());
      const stopped = await validatePaths([dir], { signal: controller.signal });
      assert.equal(stopped.aborted, true);
      assert.ok(stopped.scenarios.length < 200, `validated ${stopped.scenarios.length} of 200 after the abort`);
      const whole = await validatePaths([dir], { signal: new AbortController().signal });
      assert.deepEqual([whole.aborted, whole.scenarios.length], [false, 200]);
    }));
});
