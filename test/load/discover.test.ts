// Folder discovery lists every *.yaml / *.yml entry that is not a folder, whatever it is, so the
// reader can refuse a FIFO, a device or a dangling link by name instead of skipping it silently (or
// hanging on it). Special files are made under a temp folder (mkfifo, mknod), never in /dev.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../../src/load/discover.js';
import { validatePaths } from '../../src/validate/index.js';
import { LINUX_REFERENCE } from '../validate/helpers.js';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-discover-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('discoverFiles with special entries', { skip: process.platform === 'win32' }, () => {
  it('lists a FIFO, a device, links to them and a dangling link named *.yaml; validation refuses each by name', async (t) => {
    const folder = path.join(dir, 'scenarios');
    fs.mkdirSync(path.join(folder, 'nested.yaml'), { recursive: true }); // a folder named *.yaml is searched
    fs.copyFileSync(LINUX_REFERENCE, path.join(folder, 'nested.yaml', 'good.yaml'));
    if (spawnSync('mkfifo', [path.join(folder, 'pipe.yaml')]).status !== 0) return t.skip('mkfifo is not available');
    fs.symlinkSync('pipe.yaml', path.join(folder, 'to-pipe.yml'));
    fs.symlinkSync('nowhere', path.join(folder, 'dangling.yaml'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a scenario');
    const hasDevice = spawnSync('mknod', [path.join(folder, 'dev.yaml'), 'c', '1', '3']).status === 0;

    const found = await discoverFiles([folder], dir);
    const expected = ['dangling.yaml', ...(hasDevice ? ['dev.yaml'] : []), 'nested.yaml/good.yaml', 'pipe.yaml', 'to-pipe.yml'];
    assert.deepEqual(found.files.map((f) => path.relative(folder, f)), expected);

    const report = await validatePaths([folder], { cwd: dir });
    assert.deepEqual(report.scenarios.map((s) => path.basename(s.file)), ['good.yaml']);
    const codes = report.problems.map((p) => [path.basename(p.file), p.code, p.line, p.col]);
    assert.deepEqual(codes, [
      ['dangling.yaml', 'not-found', 1, 1],
      ...(hasDevice ? [['dev.yaml', 'not-a-file', 1, 1]] : []),
      ['pipe.yaml', 'not-a-file', 1, 1],
      ['to-pipe.yml', 'not-a-file', 1, 1],
    ]);
  });
});
