// Interpolation that amplifies (issue 8, class 6): a 100 kB value used many times would turn a
// small file into a gigabyte of argv. `validate`, `plan` and `run` refuse it when the value is a var
// or --var (exit 2, file:line:col, the limit named, nothing run); at run time a captured value that
// would do it ends its step with error value-too-large (exit 1) before any argv is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { runCli } from '../helpers/cli.js';
import { requireEngine } from '../helpers/engine.js';
import { readJson, STACK, tempDir } from './support.js';

const BIG = 'x'.repeat(100_000);

test('a 100 kB var used 10,000 times (a 1 GB argv) is value-too-large from validate, plan and run, at file:line:col', { timeout: 120_000 }, (t) => {
  const dir = tempDir('amplify');
  const file = path.join(dir, 'amplify.yaml');
  const items = Array.from({ length: 10_000 }, () => '"${v}"').join(', ');
  fs.writeFileSync(file, `name: amplify\ndescription: one var, ten thousand uses\nvars:\n  v: ${BIG}\nsteps:\n  - { id: c, kind: command, command: [echo, ${items}] }\n`);
  const lines: string[] = [];
  for (const cmd of ['validate', 'plan']) {
    const r = runCli([cmd, file]);
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 2, `${cmd}: ${out.slice(-800)}`);
    assert.match(out, /amplify\.yaml:6:\d+: .*after interpolation this value is 100000 bytes|amplify\.yaml:6:\d+: .*command line is \d+ bytes; a step may have at most 1024 KiB/);
    assert.match(out, /\[value-too-large\]/);
    assert.doesNotMatch(out, STACK);
    lines.push(`${cmd} exit 2 in ${r.ms} ms`);
  }
  // --var: the same check with the value from the command line.
  const small = path.join(dir, 'var.yaml');
  fs.writeFileSync(small, `name: amplify\ndescription: a --var used twenty times\nvars:\n  v: short\nsteps:\n  - { id: c, kind: command, command: [echo, ${Array.from({ length: 20 }, () => '"${v}"').join(', ')}] }\n`);
  const json = path.join(dir, 'r.json');
  if (requireEngine(t)) {
    const r = runCli(['run', small, '--var', `v=${BIG}`, '--json', json]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout + r.stderr, /var\.yaml:6:\d+: .*command line is 2000\d+ bytes; a step may have at most 1024 KiB .* \[value-too-large\]/);
    assert.equal(fs.existsSync(json), false, 'nothing ran');
    lines.push(`run --var exit 2 in ${r.ms} ms`);
  }
  console.log(`amplification: ${lines.join(', ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a captured 100 kB value used in eleven command items ends its step with value-too-large', { timeout: 120_000 }, (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('amplify-run');
  const file = path.join(dir, 'capture.yaml');
  const steps = [
    "  - { id: make, kind: command, command: [sh, -c, \"head -c 100000 /dev/zero | tr '\\\\0' x\"], capture: { big: stdout } }",
    `  - { id: many, kind: command, timeout: 2s, command: [echo, ${Array.from({ length: 11 }, () => '"${big}"').join(', ')}] }`,
  ];
  fs.writeFileSync(file, `name: amplify\ndescription: a captured value that amplifies\nsteps:\n${steps.join('\n')}\n`);
  const v = runCli(['validate', file]);
  assert.equal(v.code, 0, `validate cannot know a capture's size: ${v.stdout}${v.stderr}`);
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', file, '--renderer', 'plain', '--json', json]);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, STACK);
  const st = readJson<RunResult>(json)?.scenarios[0]?.steps.find((s) => s.id === 'many');
  assert.equal(st?.status, 'error');
  assert.equal(st?.error?.code, 'value-too-large', JSON.stringify(st?.error));
  assert.match(st?.error?.message ?? '', /command line is 11000\d\d bytes; a step may have at most 1024 KiB/);
  assert.equal(st?.commands.length, 0, 'nothing was run');
  console.log(`amplification: captured 100 kB × 11 items: step error ${st?.error?.code} after ${st?.durationMs} ms, CLI exit ${r.code} in ${r.ms} ms`);
  fs.rmSync(dir, { recursive: true, force: true });
});
