// Reading, decoding and parsing edge cases not covered by the fixture files. Samples: inline texts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAX_SCENARIO_BYTES, decodeScenario, readScenarioBytes } from '../../src/load/read.js';
import { parseYaml } from '../../src/load/parse.js';
import { discoverFiles } from '../../src/load/discover.js';

describe('decodeScenario', () => {
  it('accepts exactly 1 MiB and refuses one byte more, for bytes and strings', () => {
    assert.equal(decodeScenario('f', new Uint8Array(MAX_SCENARIO_BYTES).fill(0x61)).problems.length, 0);
    assert.equal(decodeScenario('f', new Uint8Array(MAX_SCENARIO_BYTES + 1)).problems[0]?.code, 'file-too-large');
    // 'é' is two bytes in UTF-8: half the characters already make 1 MiB.
    assert.equal(decodeScenario('f', 'é'.repeat(MAX_SCENARIO_BYTES / 2)).problems.length, 0);
    assert.equal(decodeScenario('f', 'é'.repeat(MAX_SCENARIO_BYTES / 2 + 1)).problems[0]?.code, 'file-too-large');
  });

  it('strips a BOM from a string too', () => {
    assert.equal(decodeScenario('f', '\uFEFFname: x').text, 'name: x');
  });
});

describe('readScenarioBytes and discoverFiles', () => {
  it('reports a folder given where a file is read as not-a-file naming it a directory, never throws', () => {
    const r = readScenarioBytes(os.tmpdir());
    assert.equal(r.problems[0]?.code, 'not-a-file');
    assert.match(r.problems[0]?.message ?? '', /is a directory/);
  });

  it('survives a symlink loop in a scenario folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocheck-loop-'));
    try {
      await fs.writeFile(path.join(dir, 'a.yaml'), 'name: x\n');
      await fs.symlink(dir, path.join(dir, 'loop'));
      const found = await discoverFiles([dir], dir);
      assert.deepEqual(found.files, [path.join(dir, 'a.yaml')]);
      assert.deepEqual(found.problems, []);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseYaml', () => {
  it('reports an unresolved alias at the alias, as yaml-syntax', () => {
    const { problems } = parseYaml('t.yaml', 'name: x\nsteps: *nothing\n');
    assert.deepEqual(problems.map((p) => [p.code, p.line, p.col]), [['yaml-syntax', 2, 8]]);
  });

  it('turns yaml warnings (an unknown tag) into warning problems and still parses', () => {
    const { parsed, problems } = parseYaml('t.yaml', 'name: !custom x\n');
    assert.ok(parsed);
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.line, p.col]), [['yaml-warning', 'warning', 1, 7]]);
  });

  it('reports an unterminated quote as yaml-syntax', () => {
    const { parsed, problems } = parseYaml('t.yaml', 'name: "abc\n');
    assert.equal(parsed, undefined);
    assert.equal(problems[0]?.code, 'yaml-syntax');
  });

  it('reports pathological nesting as yaml-limit, without crashing (validateText then shows it once)', () => {
    const { parsed, problems } = parseYaml('t.yaml', `steps: ${'['.repeat(5000)}`);
    assert.equal(parsed, undefined);
    const limit = problems.filter((p) => p.code === 'yaml-limit');
    assert.ok(limit.length >= 1);
    for (const p of limit) assert.match(p.message, /nested too deeply/);
  });

  it('parses an explicit null document as not-a-mapping, not as empty', () => {
    assert.deepEqual(parseYaml('t.yaml', '~\n').problems.map((p) => p.code), ['not-a-mapping']);
  });
});
