// A command printing 60 MB, observed with `for: 10s` (re-run on every poll), through a real
// `isocheck run`: isocheck keeps a bounded copy of each output, so its peak RSS stays bounded
// (before: 2.4 GB, and the JSON report failed with "Invalid string length"), the step passes (the
// cap is isocheck's, not the command failing) and the report is written. The peak is read from the
// CLI process's own /proc/self/status (VmHWM) as it exits, through a preloaded hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { requireEngine } from '../helpers/engine.js';
import { readJson, tempDir } from './support.js';

const LIMIT = 300 * 1024 * 1024;

test('60 MB of output polled for 10 s: peak RSS of isocheck run stays under 300 MB and the report is written', { timeout: 180_000 }, (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('output-cap');
  const hook = path.join(dir, 'hwm.cjs');
  const hwmFile = path.join(dir, 'status');
  fs.writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(hwmFile)}, require('fs').readFileSync('/proc/self/status', 'utf8')));\n`);
  const file = path.join(dir, 'big.yaml');
  fs.writeFileSync(file, [
    'name: big output polled',
    'description: a command printing 60 MB, observed for 10 s',
    'steps:',
    '  - id: big',
    '    kind: command',
    '    timeout: 60s',
    '    command: [sh, -c, "yes 0123456789abcdef | head -c 62914560"]',
    '    expect:',
    '      - { output: { contains: "0123" }, for: 10s }',
  ].join('\n'));
  const json = path.join(dir, 'r.json');
  const r = spawnSync(process.execPath, ['-r', hook, BIN, 'run', file, '--renderer', 'plain', '--json', json], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' }, timeout: 170_000 });
  assert.equal(r.status, 0, r.stderr);
  const rep = readJson<RunResult>(json);
  assert.ok(rep, `the JSON report is written: ${r.stderr}`);
  assert.equal(rep.scenarios[0]?.steps[0]?.status, 'passed');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(hwmFile, 'utf8'))?.[1]) * 1024;
  assert.ok(hwm > 0);
  console.log(`output-cap: 60 MB output polled for 10 s through isocheck run: peak RSS (VmHWM) ${(hwm / 1024 / 1024).toFixed(0)} MB, JSON report ${(fs.statSync(json).size / 1024 / 1024).toFixed(1)} MB, exit ${r.status}`);
  assert.ok(hwm <= LIMIT, `peak RSS ${hwm} bytes`);
  fs.rmSync(dir, { recursive: true, force: true });
});
