// Every kind of bad input gets exactly one problem with the expected code, at the offending node
// (line AND column), as an error. Samples: test/fixtures/invalid/* (each says where it came from in
// its first comment; empty.yaml is an empty file), plus inputs generated here in a temp folder.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validatePaths, validateText } from '../../src/validate/index.js';
import { expectOne, fixture } from './helpers.js';

async function problemsOfFile(name: string) {
  const report = await validatePaths([fixture(name)]);
  assert.deepEqual(report.scenarios, [], 'an invalid file yields no scenario');
  assert.deepEqual(report.files, [fixture(name)]);
  for (const p of report.problems) assert.equal(p.file, fixture(name));
  return report.problems;
}

describe('bad input files (samples in test/fixtures/invalid)', () => {
  it('empty file → empty-file at 1:1 (sample: empty.yaml, zero bytes)', async () => {
    const p = expectOne(await problemsOfFile('empty.yaml'), 'empty-file', 1, 1);
    assert.equal(p.message, 'empty scenario file');
  });

  it('only comments → empty-file (sample: comment-only.yaml, a commented-out scenario)', async () => {
    expectOne(await problemsOfFile('comment-only.yaml'), 'empty-file', 1, 1);
  });

  it('a list at the top level → not-a-mapping at the list (sample: top-level-list.yaml, steps pasted alone)', async () => {
    const p = expectOne(await problemsOfFile('top-level-list.yaml'), 'not-a-mapping', 2, 1);
    assert.match(p.message, /must be a mapping.*not a list/);
  });

  it('a scalar at the top level → not-a-mapping at the scalar (sample: top-level-scalar.yaml)', async () => {
    const p = expectOne(await problemsOfFile('top-level-scalar.yaml'), 'not-a-mapping', 2, 1);
    assert.match(p.message, /not a string/);
  });

  it('tab indentation → yaml-tab at the tab (sample: tabs.yaml, source block indented by a tab)', async () => {
    const p = expectOne(await problemsOfFile('tabs.yaml'), 'yaml-tab', 5, 1);
    assert.match(p.message, /tabs are not allowed/);
  });

  it('a duplicate key → duplicate-key at the second one (sample: duplicate-keys.yaml, "name" twice)', async () => {
    const p = expectOne(await problemsOfFile('duplicate-keys.yaml'), 'duplicate-key', 7, 1);
    assert.equal(p.message, 'key "name" appears twice in this mapping');
  });

  it('wrong types → one problem per value, at the value (sample: wrong-types.yaml, shell-string command, bare-word timeout)', async () => {
    const problems = await problemsOfFile('wrong-types.yaml');
    assert.deepEqual(problems.map((p) => [p.code, p.line, p.col]), [['bad-value', 5, 14], ['wrong-type', 10, 14]]);
    assert.match(problems[0]?.message ?? '', /^"twenty" is not a duration/);
    assert.equal(problems[1]?.message, '"command" must be a list of strings, not "ping 127.0.0.1"');
    assert.ok(problems.every((p) => p.severity === 'error'));
  });

  it('non-UTF-8 bytes → encoding at the first bad byte (sample: latin1.yaml, 0xE9 after "caf")', async () => {
    const p = expectOne(await problemsOfFile('latin1.yaml'), 'encoding', 3, 17);
    assert.match(p.message, /not valid UTF-8: byte 0xe9/);
  });

  it('two YAML documents → multiple-documents at the second (sample: multi-document.yaml)', async () => {
    expectOne(await problemsOfFile('multi-document.yaml'), 'multiple-documents', 7, 1);
  });

  it('a billion-laughs alias bomb → alias-limit, quickly (sample: alias-bomb.yaml)', async () => {
    const started = Date.now();
    const p = expectOne(await problemsOfFile('alias-bomb.yaml'), 'alias-limit', 3, 9);
    assert.match(p.message, /alias/);
    assert.ok(Date.now() - started < 2000, 'the bomb is defused, not expanded');
  });

  it('a misspelt key → unknown-key at the key, with did-you-mean (sample: misspelt-key.yaml)', async () => {
    const p = expectOne(await problemsOfFile('misspelt-key.yaml'), 'unknown-key', 9, 5);
    assert.equal(p.message, 'unknown key "isolaton" in run step; did you mean "isolation"?');
    assert.equal(p.path, '/steps/0/isolaton');
  });

  it('a misspelt enum value → bad-value at the value, with did-you-mean (sample: misspelt-enum.yaml)', async () => {
    const p = expectOne(await problemsOfFile('misspelt-enum.yaml'), 'bad-value', 9, 16);
    assert.equal(p.message, '"proces" is not an isolation mode; did you mean "process"? (process, hyperv, sandbox, default)');
  });

  it('a misspelt step kind → one unknown-kind at the kind (sample: misspelt-kind.yaml)', async () => {
    const p = expectOne(await problemsOfFile('misspelt-kind.yaml'), 'unknown-kind', 10, 11);
    assert.equal(p.message, 'unknown step kind "tops"; did you mean "top"? (run, top, host-processes, exec, command, remove)');
  });
});

describe('bad paths and oversized files (generated in a temp folder)', () => {
  const withTemp = async (fn: (dir: string) => Promise<void>): Promise<void> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocheck-validate-'));
    try {
      await fn(dir);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  };

  it('a 50 MB file → file-too-large at 1:1 without parsing it', () =>
    withTemp(async (dir) => {
      const big = path.join(dir, 'big.yaml');
      // A sparse file: 50,000,000 bytes that take no disk space.
      const handle = await fs.open(big, 'w');
      await handle.truncate(50_000_000);
      await handle.close();
      const started = Date.now();
      const report = await validatePaths([big]);
      const p = expectOne(report.problems, 'file-too-large', 1, 1);
      assert.equal(p.message, 'file is 50.0 MB; scenario files are limited to 1 MiB');
      assert.ok(Date.now() - started < 1000, 'refused by its size, not read');
    }));

  it('an in-memory text over 1 MiB → file-too-large too', () => {
    const p = expectOne(validateText('big.yaml', `name: ${'x'.repeat(1024 * 1024)}\n`).problems, 'file-too-large', 1, 1);
    assert.match(p.message, /^file is 1\.0 MB; scenario files are limited to 1 MiB$/);
  });

  it('a path that does not exist → not-found for that path', () =>
    withTemp(async (dir) => {
      const missing = path.join(dir, 'nope.yaml');
      const p = expectOne((await validatePaths([missing])).problems, 'not-found', 1, 1);
      assert.equal(p.file, missing);
      assert.equal(p.message, 'no such file or directory');
    }));

  it('a folder with no *.yaml / *.yml → no-scenarios for the folder', () =>
    withTemp(async (dir) => {
      await fs.writeFile(path.join(dir, 'notes.txt'), 'not a scenario');
      const report = await validatePaths([dir]);
      const p = expectOne(report.problems, 'no-scenarios', 1, 1);
      assert.equal(p.file, dir);
      assert.deepEqual(report.files, []);
    }));
});
